package client

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

const fieldJSON = `{"id": "fIeLd000000000000002", "created": "2025-01-05T00:00:00.000Z", "updated": "2025-01-05T00:00:00.000Z",
  "name": "Stage", "type": "STATIC_DROPDOWN", "tableId": "tAbLe0000000000000001", "projectId": "pRj0ct5kG7hXw2LmQnB4v",
  "externalId": "stage", "data": {"options": [{"value": "new"}, {"value": "won"}]}}`

// tableWriteCases are the tables API's writes, checked like every other method.
func tableWriteCases() []methodCase {
	return []methodCase{
		{name: "CreateTable", method: "POST", path: "/v1/tables", body: `{"projectId": "p1", "name": "Leads"}`,
			call:  func(ctx context.Context, c *Client) (any, error) { return c.CreateTable(ctx, "p1", "Leads") },
			reply: answer(http.StatusCreated, tableJSON),
			check: func(t *testing.T, got any) { roundTrips(t, "created table", []byte(tableJSON), got) }},
		{name: "DeleteTable", method: "DELETE", path: "/v1/tables/t1",
			call:  func(ctx context.Context, c *Client) (any, error) { return nil, c.DeleteTable(ctx, "t1") },
			reply: answer(http.StatusNoContent, "")},
		{name: "ListFields", method: "GET", path: "/v1/fields", query: "tableId=t1",
			call:  func(ctx context.Context, c *Client) (any, error) { return c.ListFields(ctx, "t1") },
			reply: answer(http.StatusOK, `[`+fieldJSON+`]`),
			check: func(t *testing.T, got any) { roundTrips(t, "field", []byte(fieldJSON), got.([]workflows.Field)[0]) }},
		{name: "CreateField with options", method: "POST", path: "/v1/fields",
			body: `{"tableId": "t1", "name": "Stage", "type": "STATIC_DROPDOWN", "data": {"options": [{"value": "new"}, {"value": "won"}]}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateField(ctx, workflows.CreateFieldRequest{TableID: "t1", Name: "Stage", Type: workflows.FieldStaticDropdown,
					Data: &workflows.FieldData{Options: []workflows.FieldOption{{Value: "new"}, {Value: "won"}}}})
			},
			reply: answer(http.StatusCreated, fieldJSON)},
		{name: "CreateField plain", method: "POST", path: "/v1/fields", body: `{"tableId": "t1", "name": "Email", "type": "TEXT"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateField(ctx, workflows.CreateFieldRequest{TableID: "t1", Name: "Email", Type: workflows.FieldText})
			},
			reply: answer(http.StatusCreated, fieldJSON)},
		{name: "CreateRecords", method: "POST", path: "/v1/records",
			body: `{"tableId": "t1", "records": [[{"fieldId": "f1", "value": "ada@example.com"}, {"fieldId": "f2", "value": 3}]]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateRecords(ctx, workflows.CreateRecordsRequest{TableID: "t1",
					Records: [][]workflows.CellInput{{{FieldID: "f1", Value: "ada@example.com"}, {FieldID: "f2", Value: 3}}}})
			},
			reply: answer(http.StatusCreated, `[`+recordJSON+`]`),
			check: func(t *testing.T, got any) {
				roundTrips(t, "created record", []byte(recordJSON), got.([]workflows.Record)[0])
			}},
		{name: "UpdateRecord", method: "POST", path: "/v1/records/r1",
			body: `{"tableId": "t1", "cells": [{"fieldId": "f1", "value": "grace@example.com"}]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateRecord(ctx, "r1", workflows.UpdateRecordRequest{TableID: "t1", Cells: []workflows.CellInput{{FieldID: "f1", Value: "grace@example.com"}}})
			},
			reply: answer(http.StatusOK, recordJSON),
			check: func(t *testing.T, got any) { roundTrips(t, "updated record", []byte(recordJSON), got) }},
		{name: "DeleteRecords", method: "DELETE", path: "/v1/records", body: `{"tableId": "t1", "ids": ["r1", "r2"]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DeleteRecords(ctx, workflows.DeleteRecordsRequest{TableID: "t1", IDs: []string{"r1", "r2"}})
			},
			reply: answer(http.StatusOK, `[`+recordJSON+`]`)},
	}
}

func TestTableWritesRefuseBadArgumentsBeforeSending(t *testing.T) {
	e := newEngine(t, answer(http.StatusOK, `{}`))
	c := mustNew(t, imbraceConfig(e))
	ctx := context.Background()
	tooMany := make([][]workflows.CellInput, MaxRecordsPerCall+1)
	calls := map[string]func() error{
		"table without project": func() error { _, err := c.CreateTable(ctx, "", "x"); return err },
		"table without name":    func() error { _, err := c.CreateTable(ctx, "p1", ""); return err },
		"dropdown without options": func() error {
			_, err := c.CreateField(ctx, workflows.CreateFieldRequest{TableID: "t1", Name: "x", Type: workflows.FieldStaticDropdown})
			return err
		},
		"no records": func() error {
			_, err := c.CreateRecords(ctx, workflows.CreateRecordsRequest{TableID: "t1"})
			return err
		},
		"too many records": func() error {
			_, err := c.CreateRecords(ctx, workflows.CreateRecordsRequest{TableID: "t1", Records: tooMany})
			return err
		},
		"update without id": func() error {
			_, err := c.UpdateRecord(ctx, "", workflows.UpdateRecordRequest{TableID: "t1"})
			return err
		},
		"delete nothing": func() error {
			_, err := c.DeleteRecords(ctx, workflows.DeleteRecordsRequest{TableID: "t1"})
			return err
		},
	}
	for name, call := range calls {
		var argErr *ArgumentError
		if err := call(); !errors.As(err, &argErr) {
			t.Errorf("%s: err = %v, want an ArgumentError", name, err)
		}
	}
	if e.count() != 0 {
		t.Errorf("%d request(s) sent, want none", e.count())
	}
}
