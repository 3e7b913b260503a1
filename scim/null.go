package scim

import (
	"reflect"
	"sync"
)

// nullValues maps each type to its null sentinel pointer.
var nullValues sync.Map

// Null returns the sentinel pointer that encodes as JSON null for an attribute of type
// *T. Assign it to a single-valued attribute to clear the target, for example
// u.Title = scim.Null[string](). Decoding a JSON null sets the same sentinel, so a
// decoded user re-encodes to the same form. Null is safe for concurrent use.
func Null[T any]() *T {
	key := reflect.TypeFor[T]()
	if v, ok := nullValues.Load(key); ok {
		return v.(*T)
	}

	v, _ := nullValues.LoadOrStore(key, new(T))
	return v.(*T)
}

// IsNull reports whether p is the sentinel returned by [Null] for its type.
func IsNull[T any](p *T) bool {
	return p != nil && p == Null[T]()
}

// Ptr returns a pointer to a copy of v.
func Ptr[T any](v T) *T {
	return &v
}
