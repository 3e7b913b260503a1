package bulkuploadtest

import (
	"crypto/tls"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// exchange is one request and the response the handler prepares for it. The handler
// records the call before it sends the response, so that a client that has the
// response also finds the call in Stats, Users and Calls.
type exchange struct {
	w    http.ResponseWriter
	call Call

	status int
	body   []byte

	// reset closes the connection with a TCP reset instead of sending a response.
	reset bool
}

// newExchange sets the headers that Graph sends on every response: a new request-id,
// the client-request-id of the request (or a new one), and Date on the server's clock.
func newExchange(w http.ResponseWriter, r *http.Request) *exchange {
	clientRequestID := r.Header.Get("client-request-id")
	if clientRequestID == "" {
		clientRequestID = uuid.NewString()
	}

	return &exchange{w: w, call: Call{
		Method:          r.Method,
		Path:            r.URL.Path,
		RequestID:       uuid.NewString(),
		ClientRequestID: clientRequestID,
	}}
}

func (x *exchange) setCommonHeaders() {
	h := x.w.Header()
	h.Set("request-id", x.call.RequestID)
	h.Set("client-request-id", x.call.ClientRequestID)
	h.Set("Date", x.call.Time.UTC().Format(http.TimeFormat))
}

// accept prepares a 202 with an empty body and Location set to location.
func (x *exchange) accept(location string) {
	x.w.Header().Set("Location", location)
	x.status = http.StatusAccepted
	x.call.Status = http.StatusAccepted
}

// send writes the prepared response, or resets the connection.
func (x *exchange) send() {
	if x.reset {
		resetConnection(x.w)
		return
	}

	x.w.Header().Set("Content-Length", strconv.Itoa(len(x.body)))
	x.w.WriteHeader(x.status)
	if len(x.body) > 0 {
		_, _ = x.w.Write(x.body)
	}
}

// setRetryAfter sets Retry-After to wait in whole seconds, rounded up so that a client
// that waits exactly that long is not early.
func (x *exchange) setRetryAfter(wait time.Duration) {
	seconds := (wait + time.Second - 1) / time.Second
	x.w.Header().Set("Retry-After", strconv.FormatInt(int64(max(seconds, 1)), 10))
}

// resetConnection closes the request's TCP connection with a reset (SO_LINGER 0), so
// that the client sees "connection reset by peer" rather than a clean end of stream.
// Where the connection cannot be hijacked it aborts the handler, which closes the
// connection or, with HTTP/2, resets the stream.
func resetConnection(w http.ResponseWriter) {
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hijacker.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}

	if tlsConn, ok := conn.(*tls.Conn); ok {
		conn = tlsConn.NetConn()
	}
	if tcpConn, ok := conn.(*net.TCPConn); ok {
		_ = tcpConn.SetLinger(0)
	}
	_ = conn.Close()
}
