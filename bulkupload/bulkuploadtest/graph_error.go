package bulkuploadtest

import (
	"encoding/json"
)

// Graph error codes that the server sends in {"error": {"code": ...}}. Those of 401, 403
// and 429 are the codes that Microsoft Graph uses. NOTE: Microsoft documents no codes
// for the bulkUpload 400s, the bucket-full 500 or the daily quota, so those are
// the simulator's own choice.
const (
	CodeBadRequest                 = "BadRequest"
	CodeInvalidAuthenticationToken = "InvalidAuthenticationToken"
	CodeAuthorizationRequestDenied = "Authorization_RequestDenied"
	CodeResourceNotFound           = "ResourceNotFound"
	CodeMethodNotAllowed           = "MethodNotAllowed"
	CodeRequestTimeout             = "RequestTimeout"
	CodeTooManyRequests            = "TooManyRequests"
	CodeQuotaExceeded              = "QuotaExceeded"
	CodeInternalServerError        = "InternalServerError"
	CodeBadGateway                 = "BadGateway"
	CodeServiceUnavailable         = "ServiceUnavailable"
	CodeGatewayTimeout             = "GatewayTimeout"
)

// BucketFullMessage is the message of the 500 that [FaultBucketFull] injects. NOTE: the
// service's exact wording is not documented, only that the message reports the job's
// ingestion "bucket" is full. A client should therefore look for the word "bucket" in the
// message of a 500 rather than compare the whole text.
const BucketFullMessage = "The request could not be processed because the bucket is full. Wait 5 to 10 minutes before sending more requests to this job."

const (
	throttledMessage     = "Too many requests. Wait for the time in Retry-After, or back off if it is absent."
	quotaExceededMessage = "The daily quota of bulkUpload calls for this tenant is used up."
	tokenExpiredMessage  = "Lifetime validation failed, the token is expired."
)

// innerErrorDateLayout is the form of innerError.date in Graph errors, in UTC without
// an offset.
const innerErrorDateLayout = "2006-01-02T15:04:05"

type graphErrorBody struct {
	Error graphError `json:"error"`
}

type graphError struct {
	Code       string          `json:"code"`
	Message    string          `json:"message"`
	InnerError graphInnerError `json:"innerError"`
}

type graphInnerError struct {
	Date            string `json:"date"`
	RequestID       string `json:"request-id"`
	ClientRequestID string `json:"client-request-id"`
}

// writeError prepares x's response: status and a Graph error body. message must not
// contain attribute values, because they are personal data.
func (x *exchange) writeError(status int, code, message string) {
	body, err := json.Marshal(graphErrorBody{Error: graphError{
		Code:    code,
		Message: message,
		InnerError: graphInnerError{
			Date:            x.call.Time.UTC().Format(innerErrorDateLayout),
			RequestID:       x.call.RequestID,
			ClientRequestID: x.call.ClientRequestID,
		},
	}})
	if err != nil {
		panic("bulkuploadtest: encode Graph error: " + err.Error())
	}

	x.w.Header().Set("Content-Type", "application/json")
	x.status = status
	x.body = body
	x.call.Status = status
	x.call.Code = code
}
