//go:build !js

package ebitenui

import "github.com/smmuplay/smmuplay/render/intent"

var (
	stepIntent = intent.Intent{Kind: intent.Step}
	backIntent = intent.Intent{Kind: intent.StepBack}
)

func (g *Game) apply2(in intent.Intent) { g.apply(in) }
