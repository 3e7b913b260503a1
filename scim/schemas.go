package scim

// Schema URNs of the bulkUpload body. The service requires the core and enterprise URNs in
// every user's schemas list, and the BulkRequest URN at the root.
const (
	SchemaBulkRequest    = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
	SchemaCoreUser       = "urn:ietf:params:scim:schemas:core:2.0:User"
	SchemaEnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
)

// Values of BulkOperation.Method and BulkOperation.Path that the service accepts. Both are
// case-sensitive: "/users" is rejected.
const (
	MethodPost = "POST"
	PathUsers  = "/Users"
)

// Canonical values of the type sub-attribute of emails, phoneNumbers and addresses, from
// RFC 7643 section 4.1.2. Any other string is accepted too. NOTE: the provisioning service
// processes only entries of type work as of 2026; it ignores the others.
const (
	TypeWork   = "work"
	TypeHome   = "home"
	TypeOther  = "other"
	TypeMobile = "mobile"
	TypeFax    = "fax"
	TypePager  = "pager"
)
