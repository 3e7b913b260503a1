package bulkupload

import (
	"iter"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/inbound-go/inbound/scim"
)

func numberedUsers(n int) iter.Seq[*scim.User] {
	return func(yield func(*scim.User) bool) {
		for i := range n {
			if !yield(&scim.User{ExternalID: strconv.Itoa(i)}) {
				return
			}
		}
	}
}

func TestBatchesCounts(t *testing.T) {
	cases := []struct {
		users    int
		requests int
		lastSize int
	}{
		{0, 0, 0},
		{1, 1, 1},
		{50, 1, 50},
		{51, 2, 1},
		{1000, 20, 50},
	}
	for _, tc := range cases {
		t.Run(strconv.Itoa(tc.users), func(t *testing.T) {
			batches, err := Batches(numberedUsers(tc.users), MaxOperations)
			require.NoError(t, err)

			bulkIDs := map[string]bool{}
			var requests []*scim.BulkRequest
			next := 0
			for req := range batches {
				requests = append(requests, req)
				require.NotEmpty(t, req.Operations, "an empty request was built")
				require.LessOrEqual(t, len(req.Operations), MaxOperations)

				for _, op := range req.Operations {
					assert.Equal(t, scim.MethodPost, op.Method)
					assert.Equal(t, scim.PathUsers, op.Path)
					assert.NotEmpty(t, op.BulkID)
					assert.False(t, bulkIDs[op.BulkID], "bulkId %s repeated", op.BulkID)
					bulkIDs[op.BulkID] = true

					assert.Equal(t, strconv.Itoa(next), op.Data.ExternalID, "users out of order")
					next++
				}
			}

			assert.Len(t, requests, tc.requests)
			assert.Equal(t, tc.users, next)
			assert.Len(t, bulkIDs, tc.users)
			if tc.requests > 0 {
				assert.Len(t, requests[len(requests)-1].Operations, tc.lastSize)
			}
		})
	}
}

func TestBatchesSmallSize(t *testing.T) {
	batches, err := Batches(numberedUsers(7), 3)
	require.NoError(t, err)

	var sizes []int
	for req := range batches {
		sizes = append(sizes, len(req.Operations))
	}
	assert.Equal(t, []int{3, 3, 1}, sizes)
}

func TestBatchesRejectsSize(t *testing.T) {
	for _, size := range []int{-1, 0, 51, 1000} {
		batches, err := Batches(numberedUsers(1), size)
		require.Error(t, err, "size %d", size)
		assert.Nil(t, batches)
		assert.Contains(t, err.Error(), "batch size "+strconv.Itoa(size))
	}
}

func TestBatchesStopsEarly(t *testing.T) {
	read := 0
	users := func(yield func(*scim.User) bool) {
		for i := range 500 {
			read++
			if !yield(&scim.User{ExternalID: strconv.Itoa(i)}) {
				return
			}
		}
	}
	batches, err := Batches(users, 50)
	require.NoError(t, err)

	for range batches {
		break
	}
	assert.Equal(t, 50, read, "Batches read past the first request")
}

func TestBatchesSplitsRepeatedWorker(t *testing.T) {
	users := func(yield func(*scim.User) bool) {
		for _, id := range []string{"1", "2", "1", "3", "3", "4"} {
			if !yield(&scim.User{ExternalID: id}) {
				return
			}
		}
	}
	batches, err := Batches(users, 50)
	require.NoError(t, err)

	var groups [][]string
	for req := range batches {
		var ids []string
		for _, op := range req.Operations {
			ids = append(ids, op.Data.ExternalID)
		}
		groups = append(groups, ids)
	}
	assert.Equal(t, [][]string{{"1", "2"}, {"1", "3"}, {"3", "4"}}, groups)
}
