// The dinosaur service as the original post builds it: net/http and encoding/json, the list
// marshalled again on every request and written with a trailing newline. Only the port is
// configurable, so that the benchmark can run it beside the API.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
)

type Dinosaur struct {
	Name           string
	Pronunciation  string
	LengthInMeters int
	Diet           string
}

func main() {
	dinosaurs := []Dinosaur{
		{Name: "Coelophysis", Pronunciation: "seel-OH-fie-sis", LengthInMeters: 2, Diet: "carnivorous"},
		{Name: "Triceratops", Pronunciation: "tri-SERRA-tops", LengthInMeters: 9, Diet: "herbivorous"},
		{Name: "Tyrannosaurus", Pronunciation: "tie-RAN-oh-sore-us", LengthInMeters: 12, Diet: "carnivorous"},
		{Name: "Diplodocus", Pronunciation: "DIP-low DOCK-us", LengthInMeters: 26, Diet: "herbivorous"},
		{Name: "Panoplosaurus", Pronunciation: "pan-op-loh-sore-us", LengthInMeters: 7, Diet: "herbivorous"},
	}
	http.HandleFunc("/dinosaurs", func(writer http.ResponseWriter, _ *http.Request) {
		body, err := json.Marshal(dinosaurs)
		if err != nil {
			log.Println("cannot serialize dinosaurs")
			return
		}
		if _, err := fmt.Fprintln(writer, string(body)); err != nil {
			log.Println("could not write dinosaurs to the response")
		}
	})
	port := os.Getenv("PORT")
	if port == "" {
		port = "8084"
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, nil))
}
