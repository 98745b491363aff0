// Package labweb is the page side of the lab (issue 7) in pure Go: it
// reads the JS API's arguments (decoded from JSON) into lab runs and
// shapes their results for web/compare.html and web/lab.html. cmd/wasm
// only converts between JS values and these types, so everything here is
// tested natively, and the browser tests compare the pages with it.
package labweb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// Seed is a seed given as a number or as a decimal string (JavaScript
// numbers lose precision above 2^53), or absent.
type Seed struct {
	V   uint64
	Set bool
}

// UnmarshalJSON accepts an integer, a decimal string or null.
func (s *Seed) UnmarshalJSON(b []byte) error {
	t := string(bytes.TrimSpace(b))
	if t == "null" {
		*s = Seed{}
		return nil
	}
	if uq, err := strconv.Unquote(t); err == nil {
		t = strings.TrimSpace(uq)
		if t == "" {
			*s = Seed{}
			return nil
		}
	}
	v, err := strconv.ParseUint(t, 10, 64)
	if err != nil {
		return fmt.Errorf("seed %s: want an unsigned 64-bit integer", string(b))
	}
	*s = Seed{V: v, Set: true}
	return nil
}

// MarshalJSON writes the seed as a decimal string, or null when absent.
func (s Seed) MarshalJSON() ([]byte, error) {
	if !s.Set {
		return []byte("null"), nil
	}
	return []byte(strconv.Quote(strconv.FormatUint(s.V, 10))), nil
}

// Decode reads a JSON object (a JS argument after JSON.stringify) into
// spec, a pointer to a struct with json tags. Errors start with "spec: ",
// name the key and what was wanted: unknown keys list the known ones.
func Decode(data []byte, spec any) error {
	const fn = "spec"
	t := strings.TrimSpace(string(data))
	if t == "" || t == "null" {
		t = "{}"
	}
	if t[0] != '{' {
		return fmt.Errorf("%s: want an object of %s", fn, strings.Join(keysOf(spec), ", "))
	}
	dec := json.NewDecoder(strings.NewReader(t))
	dec.DisallowUnknownFields()
	err := dec.Decode(spec)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		return fmt.Errorf("%s: %s: want %s, got %s", fn, te.Field, kindName(te.Type), te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		k := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return fmt.Errorf("%s: unknown key %s (known: %s)", fn, k, strings.Join(keysOf(spec), ", "))
	}
	return fmt.Errorf("%s: %v", fn, strings.TrimPrefix(err.Error(), "json: "))
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Uint32:
		return "an integer"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "an array of " + strings.TrimPrefix(kindName(t.Elem()), "an ")
	}
	return t.String()
}

// keysOf lists the json keys of the struct spec points to.
func keysOf(spec any) []string {
	t := reflect.TypeOf(spec)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if k, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); k != "" && k != "-" {
			out = append(out, k)
		}
	}
	return out
}
