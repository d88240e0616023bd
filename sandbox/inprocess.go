package sandbox

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
)

// InProcessBaseURL is the gateway URL to give a client that uses HTTPClient:
// requests never leave the process, so the host is never resolved.
const InProcessBaseURL = "http://sandbox.invalid"

// HTTPClient returns a client whose requests are served by Handler in-process,
// with no port. Use it with InProcessBaseURL as the gateway (or
// InProcessBaseURL+"/api" as an Activepieces URL).
func (e *Engine) HTTPClient() *http.Client {
	return &http.Client{Transport: inProcessTransport{handler: e.Handler()}}
}

// inProcessTransport is a RoundTripper that calls a handler directly.
type inProcessTransport struct{ handler http.Handler }

// inProcessKey marks the context of a request served by inProcessTransport.
type inProcessKey struct{}

// servedInProcess reports whether r came through HTTPClient, not the network.
func servedInProcess(r *http.Request) bool {
	in, _ := r.Context().Value(inProcessKey{}).(bool)
	return in
}

// RoundTrip serves req with the handler, marking it as served in-process.
func (t inProcessTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	in := req.Clone(context.WithValue(req.Context(), inProcessKey{}, true))
	if req.Body == nil {
		in.Body = http.NoBody
	} else {
		// The RoundTripper contract: the request body is always closed.
		data, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		in.Body = io.NopCloser(bytes.NewReader(data))
		in.ContentLength = int64(len(data))
	}
	in.RequestURI = req.URL.RequestURI()
	in.RemoteAddr = "127.0.0.1:0"
	if in.Host == "" {
		in.Host = req.URL.Host
	}
	rec := &recorder{header: http.Header{}}
	t.handler.ServeHTTP(rec, in)
	if err := req.Context().Err(); err != nil && !rec.wrote {
		return nil, err
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	resp := &http.Response{
		Status:        strconv.Itoa(rec.status) + " " + http.StatusText(rec.status),
		StatusCode:    rec.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        rec.header,
		Body:          io.NopCloser(bytes.NewReader(rec.body.Bytes())),
		ContentLength: int64(rec.body.Len()),
		Request:       req,
	}
	return resp, nil
}

// recorder collects a handler's answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
		r.wrote = true
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(p)
}
