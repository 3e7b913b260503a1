package bulkuploadtest

import (
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/inbound-go/inbound/scim"
)

// Call is the server's record of one request.
type Call struct {
	// Number is the call number, from 1, in the order in which requests reached the
	// handler. Options.Faults is keyed by it.
	Number int

	// Time is when the request arrived, on Options.Now.
	Time time.Time

	Method string
	Path   string

	// Status is the HTTP status code of the response, or 0 when no response was sent
	// (a connection reset, a canceled request or a server that closed).
	Status int

	// Code is the Graph error code of the response, or "" for 202 and when no response
	// was sent.
	Code string

	// Fault is the injected fault, or FaultNone.
	Fault FaultKind

	// RequestID is the request-id that the response carried, or would have carried.
	RequestID string

	// ClientRequestID is the client-request-id of the request, or the one the server
	// made up when the request had none.
	ClientRequestID string

	// Operations is the number of operations accepted: those of a 202 request, else 0.
	Operations int
}

// Stats counts what the server has seen. Every request is counted once in Calls and
// once in exactly one of ByStatus, Resets and Canceled, after it ends.
type Stats struct {
	// Calls is the number of requests received, whatever their path or method. It
	// includes requests that are still in progress.
	Calls int

	// Accepted is the number of requests accepted with 202.
	Accepted int

	// Operations is the number of operations in accepted requests, which is the number
	// of users recorded.
	Operations int

	// ByStatus counts responses by HTTP status code.
	ByStatus map[int]int

	// Resets is the number of connections closed by FaultConnectionReset.
	Resets int

	// Canceled is the number of requests that ended without a response because the
	// client canceled them or the server closed during Latency.
	Canceled int

	// TokensIssued is the number of tokens that [Server.Credential] has issued.
	TokensIssued int
}

// record contains what the server has received and accepted. Server.mu guards it.
type record struct {
	calls       []Call
	users       []json.RawMessage
	externalIDs []string
	stats       Stats
}

// begin numbers a new call and records its arrival.
func (s *Server) begin(c Call) Call {
	s.mu.Lock()
	defer s.mu.Unlock()

	s.rec.stats.Calls++
	c.Number = s.rec.stats.Calls
	c.Time = s.cfg.Now()
	s.rec.calls = append(s.rec.calls, c)
	return c
}

// finish records how call c ended. ops contains the operations of an accepted request and
// is nil otherwise.
func (s *Server) finish(c Call, ops []operation) {
	s.mu.Lock()
	defer s.mu.Unlock()

	switch {
	case c.Status != 0:
		if s.rec.stats.ByStatus == nil {
			s.rec.stats.ByStatus = make(map[int]int)
		}
		s.rec.stats.ByStatus[c.Status]++
	case c.Fault == FaultConnectionReset:
		s.rec.stats.Resets++
	default:
		s.rec.stats.Canceled++
	}

	if ops != nil {
		s.rec.stats.Accepted++
		s.rec.stats.Operations += len(ops)
		c.Operations = len(ops)
		for _, op := range ops {
			s.rec.externalIDs = append(s.rec.externalIDs, op.externalID)
			if !s.cfg.CountsOnly {
				s.rec.users = append(s.rec.users, op.data)
			}
		}
	}
	s.rec.calls[c.Number-1] = c
}

// Users returns the users of accepted requests in the order the server accepted them,
// one per operation, so a user sent twice appears twice. Each call decodes new copies,
// which the caller may modify. Users returns nil when Options.CountsOnly is set. It is
// safe for concurrent use.
func (s *Server) Users() []*scim.User {
	s.mu.Lock()
	raw := slices.Clone(s.rec.users)
	s.mu.Unlock()

	if len(raw) == 0 {
		return nil
	}
	users := make([]*scim.User, len(raw))
	for i, data := range raw {
		users[i] = new(scim.User)
		if err := users[i].UnmarshalJSON(data); err != nil {
			// The handler decoded the same bytes before it accepted them.
			panic("bulkuploadtest: decode recorded user: " + err.Error())
		}
	}
	return users
}

// ExternalIDs returns the externalIds of accepted operations in the order the server
// accepted them, duplicates included. It works with Options.CountsOnly too and is safe
// for concurrent use.
func (s *Server) ExternalIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.externalIDs)
}

// Calls returns a record of every request, in call number order. A request still in
// progress has Status 0 until it ends. Calls is safe for concurrent use.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rec.calls)
}

// Stats returns the counts so far. The ByStatus map is a copy. Stats is safe for
// concurrent use.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	st := s.rec.stats
	s.mu.Unlock()

	st.ByStatus = maps.Clone(st.ByStatus)
	if st.ByStatus == nil {
		st.ByStatus = map[int]int{}
	}
	st.TokensIssued = int(s.cred.issued.Load())
	return st
}
