package tutorials

import (
	"fmt"

	"github.com/smmuplay/smmuplay/play"
)

// Opening is what scenario block id's figure shows before the reader
// moves: the run at its first step's event with that step's first target
// selected (the start when no step names the block). The figure's embed
// opens there, so the picture the page shows first is the first step's,
// and build.sh draws that same moment as the figure's poster
// (cmd/posters); both take it from here.
func (p *Page) Opening(id string) (play.Params, error) {
	for _, sc := range p.Scenarios {
		if sc.ID != id {
			continue
		}
		q, err := play.ParseFragment(sc.Fragment)
		if err != nil {
			return q, fmt.Errorf("scenario %s: %v", id, err)
		}
		for _, st := range p.Steps {
			if st.Scenario == id {
				q.N = st.Event
				if len(st.Targets) > 0 {
					q.Select = st.Targets[0]
				}
				break
			}
		}
		return q, nil
	}
	return play.Params{}, fmt.Errorf("no scenario block %q", id)
}
