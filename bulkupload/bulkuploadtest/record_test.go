package bulkuploadtest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/scim"
)

func TestCountsOnly(t *testing.T) {
	srv := newTestServer(t, &Options{CountsOnly: true})

	first := post(t, srv, validBody("E1", "E2"))
	second := post(t, srv, validBody("E3"))

	require.Equal(t, http.StatusAccepted, first.status)
	require.Equal(t, http.StatusAccepted, second.status)
	assert.Nil(t, srv.Users())
	assert.Equal(t, []string{"E1", "E2", "E3"}, srv.ExternalIDs())
	stats := srv.Stats()
	assert.Equal(t, 2, stats.Accepted)
	assert.Equal(t, 3, stats.Operations)
}

func TestUsersReturnsCopies(t *testing.T) {
	srv := newTestServer(t, nil)
	post(t, srv, validBody("E1"))

	users := srv.Users()
	users[0].ExternalID = "changed"
	users[0].UserName = scim.Ptr("changed")
	ids := srv.ExternalIDs()
	ids[0] = "changed"

	again := srv.Users()
	require.Len(t, again, 1)
	assert.Equal(t, "E1", again[0].ExternalID)
	assert.Equal(t, "e1@contoso.com", *again[0].UserName)
	assert.Equal(t, []string{"E1"}, srv.ExternalIDs())
}

func TestUsersDuplicatesKept(t *testing.T) {
	srv := newTestServer(t, nil)

	post(t, srv, validBody("E1", "E2"))
	post(t, srv, validBody("E1"))

	assert.Equal(t, []string{"E1", "E2", "E1"}, srv.ExternalIDs())
	assert.Len(t, srv.Users(), 3)
}

func TestStatsCountEveryOutcome(t *testing.T) {
	srv := newTestServer(t, &Options{Faults: map[int]Fault{5: {Kind: FaultConnectionReset}}})

	post(t, srv, validBody("E1"))
	post(t, srv, validBody("E2"), withHeader("Content-Type", "application/json"))
	post(t, srv, validBody("E3"), withoutHeader("Authorization"))
	post(t, srv, validBody("E4"), func(r *http.Request) { r.URL.Path = "/v1.0/users" })
	_, _ = tryPost(t, srv, validBody("E5"))
	post(t, srv, validBody("E6", "E7"))

	assert.Equal(t, Stats{
		Calls:      6,
		Accepted:   2,
		Operations: 3,
		ByStatus: map[int]int{
			http.StatusAccepted:     2,
			http.StatusBadRequest:   1,
			http.StatusUnauthorized: 1,
			http.StatusNotFound:     1,
		},
		Resets:       1,
		TokensIssued: 6,
	}, srv.Stats())
	numbers := make([]int, 0, 6)
	for _, c := range srv.Calls() {
		numbers = append(numbers, c.Number)
	}
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6}, numbers)
}

func TestConcurrentUploads(t *testing.T) {
	const (
		workers           = 8
		requestsPerWorker = 10
	)
	srv := newTestServer(t, &Options{NoThrottling: true})
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), srv.ClientOptions())
	require.NoError(t, err)

	// Each worker sends its own users, so that every externalId is sent exactly once.
	var want []string
	requests := make([][]*scim.BulkRequest, workers)
	for w := range workers {
		for r := range requestsPerWorker {
			req := &scim.BulkRequest{}
			for op := range bulkupload.MaxOperations {
				id := fmt.Sprintf("W%d-R%d-%02d", w, r, op)
				want = append(want, id)
				req.Operations = append(req.Operations,
					scim.NewOperation(fmt.Sprint(op), &scim.User{ExternalID: id, Active: scim.Ptr(true)}))
			}
			requests[w] = append(requests[w], req)
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, workers*requestsPerWorker)
	for w := range workers {
		wg.Go(func() {
			for _, req := range requests[w] {
				_, err := client.Upload(context.Background(), req, nil)
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)

	for err := range errs {
		require.NoError(t, err)
	}
	got := srv.ExternalIDs()
	require.Len(t, got, len(want))
	assertRequestsContiguous(t, got)
	slices.Sort(got)
	slices.Sort(want)
	assert.Equal(t, want, got, "every user is recorded exactly once")
	assert.Len(t, srv.Users(), len(want))
	stats := srv.Stats()
	assert.Equal(t, workers*requestsPerWorker, stats.Accepted)
	assert.Equal(t, len(want), stats.Operations)
	assert.Equal(t, map[int]int{http.StatusAccepted: workers * requestsPerWorker}, stats.ByStatus)
}

// assertRequestsContiguous checks that the externalIds of each request, which share
// the prefix "W<worker>-R<request>-", were recorded together and in operation order.
func assertRequestsContiguous(t *testing.T, ids []string) {
	t.Helper()
	for i := 0; i < len(ids); i += bulkupload.MaxOperations {
		prefix := ids[i][:len(ids[i])-2]
		for op := range bulkupload.MaxOperations {
			assert.Equal(t, fmt.Sprintf("%s%02d", prefix, op), ids[i+op])
		}
	}
}
