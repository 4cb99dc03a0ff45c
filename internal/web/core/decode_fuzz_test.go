package core

// Fuzz tests of decodeBytes, the pure part of request decoding. They need no database; when the
// package's TestMain starts PostgreSQL, a fuzz run starts it once.
//
// Seed corpora live in testdata/fuzz/<FuzzName>/ in Go's corpus format.

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"

	"meldpunt/internal/casework"
	"meldpunt/internal/secret"
)

// fuzzLookup mirrors the body of POST /api/v1/complaints/lookup.
type fuzzLookup struct {
	Reference    string `json:"reference"`
	TrackingCode string `json:"tracking_code"`
}

// fuzzCheckDecode asserts the properties every decodeBytes call must have: an error is a
// *casework.Error with code malformed_request or validation_failed (the latter naming at least one
// field), and a successful decode never comes from invalid UTF-8 nor leaves invalid UTF-8 in v.
func fuzzCheckDecode(t *testing.T, body []byte, v any, err error) {
	t.Helper()
	if err == nil {
		if !utf8.Valid(body) {
			t.Fatalf("decodeBytes accepted a body that is not valid UTF-8: %q", body)
		}
		if path, bad := fuzzInvalidString(reflect.ValueOf(v), "$"); bad {
			t.Fatalf("decoded value holds invalid UTF-8 at %s (body %q)", path, body)
		}
		return
	}
	var e *casework.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *casework.Error (body %q)", err, err, body)
	}
	switch e.Code {
	case codeMalformed:
	case casework.CodeValidation:
		if len(e.Fields) == 0 {
			t.Fatalf("validation error without fields: %v (body %q)", err, body)
		}
		for _, f := range e.Fields {
			if f.Message == "" || !utf8.ValidString(f.Field) {
				t.Fatalf("bad field error %+v (body %q)", f, body)
			}
		}
	default:
		t.Fatalf("error code %s, want %s or %s (body %q)", e.Code, codeMalformed, casework.CodeValidation, body)
	}
	if e.Message == "" || !utf8.ValidString(e.Message) {
		t.Fatalf("error message %q (body %q)", e.Message, body)
	}
}

// fuzzInvalidString walks v and reports the path of the first string that is not valid UTF-8.
func fuzzInvalidString(v reflect.Value, path string) (string, bool) {
	switch v.Kind() {
	case reflect.String:
		return path, !utf8.ValidString(v.String())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", false
		}
		return fuzzInvalidString(v.Elem(), path)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if p, bad := fuzzInvalidString(v.Field(i), path+"."+v.Type().Field(i).Name); bad {
				return p, true
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			if p, bad := fuzzInvalidString(v.Index(i), path+"[]"); bad {
				return p, true
			}
		}
	}
	return "", false
}

// fuzzCheckValidation asserts that a domain validation returned nil or a validation error with fields.
func fuzzCheckValidation(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *casework.Error
	if !errors.As(err, &e) || e.Code != casework.CodeValidation || len(e.Fields) == 0 {
		t.Fatalf("%s returned %v, want nil or a validation error with fields", what, err)
	}
}

func FuzzDecodeIntake(f *testing.F) {
	f.Add([]byte(`{"complainant":{"name":"Fatima","email":"fatima@example.nl"},"organisation_ids":[1],` +
		`"grounds":["treatment"],"life_domains":["care"],"summary":"Ik ben niet teruggebeld na mijn aanvraag."}`))
	f.Add([]byte(`{"complainant":{"name":"Fatima"`))
	f.Add([]byte(`{"organisation_ids":"1","supporter_consent":"yes"}`))
	f.Add([]byte("{\"summary\":\"caf\xe9\"}"))
	f.Add([]byte(`{"organisation_ids":[[[[[[[[[[1]]]]]]]]]]}`))
	f.Add([]byte(`{"organisation_ids":[1e400,99999999999999999999]}`))
	f.Add([]byte(`{"bsn":"123456782"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var in casework.Intake
		err := decodeBytes(body, &in)
		fuzzCheckDecode(t, body, &in, err)
		if err != nil {
			return
		}
		in.Normalize()
		fuzzCheckValidation(t, "Intake.Validate", in.Validate(casework.RoleResident, "2026-11-23"))
	})
}

func FuzzDecodeRuling(f *testing.F) {
	f.Add([]byte(`{"verdict":"founded","findings":"f","conclusions":"c","advices":[{"organisation_id":1,"text":"Excuses."}],` +
		`"recommendations":[{"life_domain":"care","text":"Bel terug."}]}`))
	f.Add([]byte(`{"verdict":"founded","advices":[{"organisation_id":`))
	f.Add([]byte(`{"verdict":3,"advices":{"organisation_id":1}}`))
	f.Add([]byte("{\"findings\":\"\xff\xfe\"}"))
	f.Add([]byte(`{"advices":[[[[[[[[{}]]]]]]]]}`))
	f.Add([]byte(`{"advices":[{"organisation_id":1e309},{"organisation_id":-9223372036854775809}]}`))
	f.Add([]byte(`{"advices":[{"organisation_id":1,"text":"t","cc":"everyone"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var r casework.Ruling
		err := decodeBytes(body, &r)
		fuzzCheckDecode(t, body, &r, err)
		if err != nil {
			return
		}
		heard := casework.HeardParties{Complainant: true, Organisations: map[int64]bool{1: true, 2: true}}
		fuzzCheckValidation(t, "Ruling.Validate", r.Validate(heard, []int64{1, 2}))
	})
}

func FuzzDecodeLookup(f *testing.F) {
	f.Add([]byte(`{"reference":"MP-2026-000001","tracking_code":"7K2MQ-X9P4A-BC3DE-FGH5J"}`))
	f.Add([]byte(`{"reference":"MP-2026-0000`))
	f.Add([]byte(`{"reference":2026,"tracking_code":null}`))
	f.Add([]byte("{\"reference\":\"MP-2026-000001\",\"tracking_code\":\"\xc3\x28\"}"))
	f.Add([]byte(`{"reference":[[[[[[[[[[[[[[[[[[[[""]]]]]]]]]]]]]]]]]]]]}`))
	f.Add([]byte(`{"reference":1e999999,"tracking_code":123456789012345678901234567890}`))
	f.Add([]byte(`{"reference":"MP-2026-000001","tracking_code":"x","remember_me":true}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var req fuzzLookup
		err := decodeBytes(body, &req)
		fuzzCheckDecode(t, body, &req, err)
		if err != nil {
			return
		}
		// What the lookup handler does next must not panic either.
		var v casework.Validator
		casework.CheckText(&v, "reference", req.Reference, true, 40)
		casework.CheckText(&v, "tracking_code", req.TrackingCode, true, 60)
		fuzzCheckValidation(t, "lookup validation", v.Err())
		if len(secret.HashTrackingCode(req.TrackingCode)) != 32 {
			t.Fatal("tracking code hash is not 32 bytes")
		}
	})
}

// FuzzDecodeContract checks the rest of decode's documented contract, "one object", and the shape
// of the problem it reports: a body that decodes without error is exactly one JSON object with
// nothing but white space after it, and every field error names a field.
func FuzzDecodeContract(f *testing.F) {
	f.Add([]byte(`{"reference":"MP-2026-000001","tracking_code":"x"}`))
	f.Add([]byte(`{"reference":"a"} {"reference":"b"}`))
	f.Add([]byte(`{"reference":"a"} x`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`"string"`))
	f.Add([]byte(" \n{}\t\r\n "))
	f.Fuzz(func(t *testing.T, body []byte) {
		var req fuzzLookup
		err := decodeBytes(body, &req)
		fuzzCheckDecode(t, body, &req, err)
		var e *casework.Error
		if errors.As(err, &e) {
			for _, fe := range e.Fields {
				if fe.Field == "" {
					t.Fatalf("decodeBytes(%q) reports a field error with an empty field name: %+v", body, e.Fields)
				}
			}
		}
		if err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("decodeBytes accepted %q, which is not one JSON value: the trailing-data check "+
				"(dec.More) does not see a stray ']' or '}'", body)
		}
		if trimmed := bytes.TrimSpace(body); len(trimmed) == 0 || trimmed[0] != '{' {
			t.Fatalf("decodeBytes accepted %q, which is not a JSON object", body)
		}
	})
}
