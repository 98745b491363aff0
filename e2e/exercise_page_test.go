//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/smmuplay/smmuplay/play"
	"github.com/smmuplay/smmuplay/tutorials/exercise"
)

// TestExerciseFeedback (issue 11 item 5): the prompt's list renders as a
// list; a wrong answer marks each wrong part with why; "Open in the
// playground" and the embed show the exercise's own run at its event; a
// right answer stops offering the hint and the objective.
func TestExerciseFeedback(t *testing.T) {
	b := newBrowser(t)
	const id, seed = "predict-recovery", 42
	v, err := exercise.Generate(id, seed)
	if err != nil {
		t.Fatal(err)
	}
	key, err := exercise.Solution(id, seed)
	if err != nil {
		t.Fatal(err)
	}
	want, err := play.ParseFragment(v.Fragment)
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b.ctx, chromedp.Navigate(fmt.Sprintf("%s/tutorials/exercise-%s.html?seed=%d", siteURL, id, seed))); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `!document.querySelector("form.answer").hidden`)
	items := strings.Count(v.Prompt, "\n- ")
	if got := eval[int](t, b, `document.querySelectorAll(".task ul li").length`); got != items {
		t.Errorf("the prompt's list shows %d items, want %d", got, items)
	}
	if eval[bool](t, b, `!document.querySelector("a.open-playground").hidden`) {
		t.Error("the playground link shows before the answer is checked (the run gives it away)")
	}
	fill := func(answer map[string]string) { b.fillAnswer(t, answer) }
	wrong := map[string]string{}
	for k, val := range key.Answer {
		wrong[k] = val
	}
	wrong["ep3"] = "BLOCKED_RESETTING" // what the prompt before issue 11 led a student to answer
	fill(wrong)
	b.wait(t, `document.querySelector(".result p") && document.querySelector(".result p").textContent.startsWith("Not yet")`)
	msg := eval[string](t, b, `document.querySelector("form.answer").elements["ep3"].parentElement.querySelector(".verdict").textContent`)
	if !strings.Contains(msg, "✗") || !strings.Contains(msg, "requested at 80 ms") {
		t.Errorf("ep3's verdict %q: want a ✗ and why", msg)
	}
	b.wait(t, `!document.querySelector("a.open-playground").hidden`)
	href := eval[string](t, b, `document.querySelector("a.open-playground").getAttribute("href")`)
	if want := "../index.html?from=exercise#" + v.Fragment; href != want {
		t.Errorf("open in the playground: %q, want %s (the banner says the run is the exercise's)", href, want)
	}
	frame := `document.querySelector(".exercise-embed iframe").contentWindow.smmuplay`
	b.wait(t, fmt.Sprintf(`%s && %s.pos().n === %d`, frame, frame, want.N))
	fill(key.Answer)
	b.wait(t, `document.querySelector(".result p") && document.querySelector(".result p").textContent.startsWith("Correct.")`)
	for _, act := range []string{"hint", "objective"} {
		if !eval[bool](t, b, fmt.Sprintf(`document.querySelector(".ladder [data-act=%s]").hidden`, act)) {
			t.Errorf("after Correct the %s button is still offered", act)
		}
	}
}

// TestExerciseLetteredList: order-steps' lettered steps render as a list
// that keeps its letters.
func TestExerciseLetteredList(t *testing.T) {
	b := newBrowser(t)
	if err := chromedp.Do(b.ctx, chromedp.Navigate(siteURL+"/tutorials/exercise-order-steps.html?seed=2")); err != nil {
		t.Fatal(err)
	}
	b.wait(t, `!document.querySelector("form.answer").hidden`)
	if got := eval[string](t, b, `Array.from(document.querySelectorAll(".task ul.lettered li")).map((li) => li.textContent.slice(0, 2)).join("")`); got != "A.B.C.D.E.F." {
		t.Errorf("lettered list %q, want A. to F.", got)
	}
}
