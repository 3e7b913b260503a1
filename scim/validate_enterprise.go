package scim

import "strings"

// Known attributes of the enterprise extension and of its manager.
var (
	enterpriseAttributes = []string{"employeeNumber", "costCenter", "organization", "division", "department", "manager"}
	managerAttributes    = []string{"value"}
)

const enterprisePrefix = SchemaEnterpriseUser + ":"

func (c *checker) checkEnterprise(e *EnterpriseUser) {
	if e == nil {
		return
	}

	c.checkOptText(enterprisePrefix+"employeeNumber", e.EmployeeNumber)
	c.checkOptText(enterprisePrefix+"costCenter", e.CostCenter)
	c.checkOptText(enterprisePrefix+"organization", e.Organization)
	c.checkOptText(enterprisePrefix+"division", e.Division)
	c.checkOptText(enterprisePrefix+"department", e.Department)
	c.checkManager(e.Manager)
	c.checkUnknown(enterprisePrefix, enterpriseAttributes, e.Unknown)
}

// checkManager checks manager.value, which the service resolves as the manager's
// externalId among the records that the job has received.
func (c *checker) checkManager(m *Manager) {
	if m == nil || m == nullManager {
		return
	}

	const path = enterprisePrefix + "manager.value"
	value := m.Value
	switch {
	case value == "":
	case value == c.externalID:
		c.report(RuleManagerSelf, path,
			"manager.value is the record's own externalId; set it to the manager's externalId, or leave manager out for a worker without one")
	case strings.Contains(value, "@"):
		c.report(RuleManagerFormat, path,
			"manager.value looks like an email address or UPN; the service expects the manager's externalId, as sent in the manager's own record")
	case isGUID(value):
		c.report(RuleManagerFormat, path,
			"manager.value looks like a GUID such as an object ID; the service expects the manager's externalId, as sent in the manager's own record")
	}
	c.checkText(path, value, false)
	c.checkUnknown(enterprisePrefix+"manager.", managerAttributes, m.Unknown)
}

// isGUID reports whether s has the form of a GUID, 8-4-4-4-12 hexadecimal digits,
// optionally in braces.
func isGUID(s string) bool {
	if len(s) == 38 && s[0] == '{' && s[37] == '}' {
		s = s[1:37]
	}
	if len(s) != 36 {
		return false
	}

	for i := 0; i < len(s); i++ {
		b := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if b != '-' {
				return false
			}
			continue
		}
		if !isHexDigit(b) {
			return false
		}
	}
	return true
}

func isHexDigit(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}
