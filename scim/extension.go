package scim

import (
	"encoding/json"
	"strconv"
	"time"
)

// Extension holds the attributes of one custom extension, keyed by attribute name. Names
// are case-sensitive and must match the provisioning app's schema.
type Extension map[string]Value

// Kind is the JSON type of a [Value].
type Kind uint8

// Kinds of [Value]. The zero Value is KindNull.
const (
	KindNull Kind = iota
	KindString
	KindBool
	KindInt
	KindDateTime

	// KindRaw holds JSON that none of the other kinds describes, such as an array or a
	// fractional number, kept as it was decoded.
	KindRaw
)

// Value is the value of a custom extension attribute: a string, boolean, integer,
// date-time, null, or raw JSON. Build one with [String], [Bool], [Int], [DateTime] or
// [NullValue]. Values are comparable with ==, except those of KindRaw.
type Value struct {
	kind Kind
	str  string
	num  int64
	time time.Time
	raw  json.RawMessage
}

// String returns a string value.
func String(s string) Value { return Value{kind: KindString, str: s} }

// Bool returns a boolean value, sent as JSON true or false.
func Bool(b bool) Value {
	v := Value{kind: KindBool}
	if b {
		v.num = 1
	}
	return v
}

// Int returns an integer value.
func Int(i int64) Value { return Value{kind: KindInt, num: i} }

// DateTime returns a date-time value. It is sent in RFC 3339 form with the offset of t's
// location, for example 2024-03-01T00:00:00Z, because the service has been reported not to
// map date-only values.
func DateTime(t time.Time) Value { return Value{kind: KindDateTime, time: t} }

// NullValue returns a null value, sent as JSON null to clear the target attribute.
func NullValue() Value { return Value{} }

// RawValue returns a value that is sent as the given JSON text, unchanged. The caller
// must pass valid JSON.
func RawValue(raw json.RawMessage) Value { return Value{kind: KindRaw, raw: raw} }

// Kind returns the kind of v.
func (v Value) Kind() Kind { return v.kind }

// Str returns the text of a string value, or the RFC 3339 text of a date-time value, and
// "" for other kinds.
func (v Value) Str() string {
	switch v.kind {
	case KindString:
		return v.str
	case KindDateTime:
		return v.time.Format(time.RFC3339Nano)
	}
	return ""
}

// BoolValue returns the value of a boolean value, and false for other kinds.
func (v Value) BoolValue() bool { return v.kind == KindBool && v.num == 1 }

// IntValue returns the value of an integer value, and 0 for other kinds.
func (v Value) IntValue() int64 {
	if v.kind != KindInt {
		return 0
	}
	return v.num
}

// Time returns the time of a date-time value. For a string value it parses the text as
// RFC 3339; ok is false when that fails or v has another kind.
func (v Value) Time() (t time.Time, ok bool) {
	switch v.kind {
	case KindDateTime:
		return v.time, true
	case KindString:
		t, err := time.Parse(time.RFC3339Nano, v.str)
		return t, err == nil
	}
	return time.Time{}, false
}

// Raw returns the JSON text of a raw value, and nil for other kinds.
func (v Value) Raw() json.RawMessage {
	if v.kind != KindRaw {
		return nil
	}
	return v.raw
}

// appendJSON appends v's wire form to dst.
func (v Value) appendJSON(dst []byte) []byte {
	switch v.kind {
	case KindString:
		return appendString(dst, v.str)
	case KindBool:
		return strconv.AppendBool(dst, v.num == 1)
	case KindInt:
		return strconv.AppendInt(dst, v.num, 10)
	case KindDateTime:
		dst = append(dst, '"')
		dst = v.time.AppendFormat(dst, time.RFC3339Nano)
		return append(dst, '"')
	case KindRaw:
		return append(dst, v.raw...)
	}
	return append(dst, "null"...)
}

// MarshalJSON encodes v as its wire form.
func (v Value) MarshalJSON() ([]byte, error) {
	return v.appendJSON(nil), nil
}

// UnmarshalJSON decodes a JSON value. A string that is a canonical RFC 3339 date-time with
// an offset becomes KindDateTime, so that a decoded value encodes back to the same text.
// Integers become KindInt, and arrays, objects and other numbers become KindRaw.
func (v *Value) UnmarshalJSON(data []byte) error {
	data = trimSpace(data)
	if len(data) == 0 {
		return errEmptyValue
	}

	switch data[0] {
	case 'n':
		*v = NullValue()
		return nil
	case 't', 'f':
		var b bool
		if err := json.Unmarshal(data, &b); err != nil {
			return err
		}
		*v = Bool(b)
		return nil
	case '"':
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		*v = stringOrDateTime(s)
		return nil
	}

	if i, err := strconv.ParseInt(string(data), 10, 64); err == nil {
		*v = Int(i)
		return nil
	}
	if !json.Valid(data) {
		return errInvalidJSON
	}
	*v = RawValue(append(json.RawMessage(nil), data...))
	return nil
}

// stringOrDateTime returns a date-time value when s is a date-time that formats back to
// exactly s, and a string value otherwise.
func stringOrDateTime(s string) Value {
	if len(s) < len("2006-01-02T15:04:05Z") || s[4] != '-' || s[10] != 'T' {
		return String(s)
	}

	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || t.Format(time.RFC3339Nano) != s {
		return String(s)
	}
	return DateTime(t)
}
