package bulkuploadtest

import "crypto/x509"

// Certificate returns the server's TLS certificate, so that a client in another process
// can trust the server.
func (s *Server) Certificate() *x509.Certificate {
	return s.ts.Certificate()
}
