package bulkuploadtest_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
	"github.com/inbound-go/inbound/scim"
)

func Example() {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()

	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), srv.ClientOptions())
	if err != nil {
		log.Fatal(err)
	}
	req := &scim.BulkRequest{Operations: []scim.BulkOperation{
		scim.NewOperation("1", &scim.User{ExternalID: "E1001", UserName: scim.Ptr("ada@contoso.com"), Active: scim.Ptr(true)}),
		scim.NewOperation("2", &scim.User{ExternalID: "E1002", UserName: scim.Ptr("alan@contoso.com"), Active: scim.Ptr(false)}),
	}}

	resp, err := client.Upload(context.Background(), req, nil)
	if err != nil {
		log.Fatal(err)
	}

	fmt.Println("status:", resp.StatusCode)
	for _, u := range srv.Users() {
		fmt.Println(u.ExternalID, *u.UserName, *u.Active)
	}
	stats := srv.Stats()
	fmt.Println("calls:", stats.Calls, "accepted operations:", stats.Operations)
	// Output:
	// status: 202
	// E1001 ada@contoso.com true
	// E1002 alan@contoso.com false
	// calls: 1 accepted operations: 2
}

// The first call fails with 503 and the client's retry policy sends it again.
func Example_faults() {
	srv := bulkuploadtest.NewServer(&bulkuploadtest.Options{
		Faults: map[int]bulkuploadtest.Fault{1: {Kind: bulkuploadtest.FaultServiceUnavailable}},
	})
	defer srv.Close()

	opts := srv.ClientOptions()
	opts.Retry = policy.RetryOptions{RetryDelay: time.Millisecond, MaxRetryDelay: 10 * time.Millisecond}
	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), opts)
	if err != nil {
		log.Fatal(err)
	}
	req := &scim.BulkRequest{Operations: []scim.BulkOperation{
		scim.NewOperation("1", &scim.User{ExternalID: "E1001", Active: scim.Ptr(true)}),
	}}

	if _, err := client.Upload(context.Background(), req, nil); err != nil {
		log.Fatal(err)
	}

	for _, c := range srv.Calls() {
		fmt.Println(c.Number, c.Status, c.Fault)
	}
	fmt.Println(srv.ExternalIDs())
	// Output:
	// 1 503 FaultServiceUnavailable
	// 2 202 FaultNone
	// [E1001]
}
