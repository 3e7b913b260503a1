// Package auth describes the Microsoft clouds that host the bulkUpload endpoint: for each,
// its Graph host, its token authority and the token scope that a credential must request.
// The bulkupload client uses it to pick the scope from the endpoint's host.
package auth
