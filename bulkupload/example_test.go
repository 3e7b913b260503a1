package bulkupload_test

import (
	"context"
	"fmt"
	"log"

	"github.com/inbound-go/inbound/bulkupload"
	"github.com/inbound-go/inbound/bulkupload/bulkuploadtest"
	"github.com/inbound-go/inbound/scim"
)

// This example sends one request to the simulator. Against the real service, pass the
// Provisioning API Endpoint URL and a credential from azidentity, and nil options.
func ExampleClient_Upload() {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()

	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), srv.ClientOptions())
	if err != nil {
		log.Fatal(err)
	}

	user := &scim.User{
		ExternalID:  "1001",
		UserName:    scim.Ptr("zoe.adams@contoso.example"),
		DisplayName: scim.Ptr("Zoë Adams"),
		Active:      scim.Ptr(true),
	}
	req := &scim.BulkRequest{Operations: []scim.BulkOperation{scim.NewOperation("op-1", user)}}

	resp, err := client.Upload(context.Background(), req, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, srv.ExternalIDs())
	// Output: 202 [1001]
}

// This example streams records through an Uploader and reads the summary.
func ExampleUploader_Run() {
	srv := bulkuploadtest.NewServer(nil)
	defer srv.Close()

	client, err := bulkupload.NewClient(srv.Endpoint, srv.Credential(), srv.ClientOptions())
	if err != nil {
		log.Fatal(err)
	}
	up, err := bulkupload.NewUploader(client, &bulkupload.UploaderOptions{
		OnRejected: func(e bulkupload.RejectedEvent) {
			for _, p := range e.Problems {
				fmt.Printf("record %d (externalId %s) rejected: %s %s\n", e.Position, e.ExternalID, p.Path, p.Rule)
			}
		},
	})
	if err != nil {
		log.Fatal(err)
	}

	records := func(yield func(*scim.User, error) bool) {
		for i := range 120 {
			u := &scim.User{ExternalID: fmt.Sprint(5000 + i), Active: scim.Ptr(true)}
			if i == 7 {
				u.Active = nil // rejected: omitting active can disable an account
			}
			if !yield(u, nil) {
				return
			}
		}
	}
	summary, err := up.Run(context.Background(), records)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("read %d, sent %d in %d requests, rejected %d\n", summary.Read, summary.Sent, summary.Requests, summary.Rejected)
	// Output:
	// record 7 (externalId 5007) rejected: active active-missing
	// read 120, sent 119 in 3 requests, rejected 1
}
