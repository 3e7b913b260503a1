package bulkuploadtest

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// serveHTTP handles one call in the service's order: Latency, an injected fault,
// routing, authentication, the daily quota and throttling, then the checks of the
// request itself. It records the call before it sends the response.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	x := newExchange(w, r)
	x.call = s.begin(x.call)
	x.setCommonHeaders()

	ops := s.serve(x, r)
	s.finish(x.call, ops)
	x.send()
}

// serve prepares x's response and returns the operations of an accepted request.
func (s *Server) serve(x *exchange, r *http.Request) []operation {
	// The body is read before the delay, because net/http notices a client that has
	// gone away only after the body has been read. Without that, a call the client had
	// abandoned would still be accepted once the delay ended.
	if err := bufferBody(r); err != nil {
		x.reset = true
		return nil
	}
	if err := s.delay(r.Context(), x.call.Number); err != nil || r.Context().Err() != nil {
		x.reset = true
		return nil
	}

	if fault := s.cfg.faultFor(x.call.Number); fault.Kind != FaultNone {
		x.writeFault(fault)
		return nil
	}

	status, code, message, version := s.route(r.Method, r.URL.Path)
	if status != 0 {
		if status == http.StatusMethodNotAllowed {
			x.w.Header().Set("Allow", http.MethodPost)
		}
		x.writeError(status, code, message)
		return nil
	}

	if message := s.authenticate(r); message != "" {
		x.writeError(http.StatusUnauthorized, CodeInvalidAuthenticationToken, message)
		return nil
	}

	// NOTE: the service does not document which calls count toward its limits. Here
	// every authenticated call that the limits admit counts, even if it then fails
	// with 400.
	if e := s.admit(); e != nil {
		x.writeLimitError(e, !s.cfg.NoRetryAfter)
		return nil
	}

	return s.check(x, r, version)
}

// check reads and checks the request, and prepares the 202 or 400.
func (s *Server) check(x *exchange, r *http.Request, version string) []operation {
	if err := checkContentType(r.Header.Get("Content-Type"), s.cfg.LenientContentType); err != nil {
		x.writeError(http.StatusBadRequest, CodeBadRequest, err.Error())
		return nil
	}

	body, err := io.ReadAll(r.Body)
	if err != nil {
		// The client went away while sending the body.
		x.reset = true
		return nil
	}
	ops, err := parseBulkRequest(body, s.cfg.RejectUnknownAttributes)
	if err != nil {
		x.writeError(http.StatusBadRequest, CodeBadRequest, err.Error())
		return nil
	}

	x.accept(s.locationURL(version))
	return ops
}

// authenticate returns the message of the 401 for r, or "" when r carries a valid
// token from this server's credential.
func (s *Server) authenticate(r *http.Request) string {
	header := r.Header.Get("Authorization")
	if header == "" {
		return "Access token is empty."
	}

	// RFC 6750 lets the scheme name be in any case.
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "Access token is empty."
	}
	return s.cred.verify(token, s.scope, s.cfg.Now())
}

// delay waits for the latency of call number n. It returns an error when the request's
// context ends or the server closes first.
func (s *Server) delay(ctx context.Context, n int) error {
	d := s.cfg.Latency
	if j := s.cfg.LatencyJitter; j > 0 {
		// The jitter depends only on n, so that a run repeats however calls interleave.
		const jitterSeed = 0x6a6974746572
		r := rand.New(rand.NewPCG(jitterSeed, uint64(n)))
		d += time.Duration(r.Int64N(int64(j) + 1))
	}
	if d == 0 {
		return nil
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(s.stopping, cancel)
	defer stop()
	return s.cfg.Sleep(ctx, d)
}

// sleep waits for d on the real clock or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()

	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// bufferBody reads the request body into memory and puts a reader over it in its place.
func bufferBody(r *http.Request) error {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}

	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return nil
}
