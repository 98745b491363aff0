module github.com/smmuplay/smmuplay

go 1.26.8

require github.com/hajimehoshi/ebiten/v2 v2.8.8

require (
	golang.org/x/image v0.20.0
	golang.org/x/text v0.18.0 // indirect
)

require (
	github.com/chromedp/cdproto v0.159.0
	github.com/chromedp/chromedp v0.23.0
	github.com/ebitengine/gomobile v0.0.0-20240911145611-4856209ac325 // indirect
	github.com/ebitengine/hideconsole v1.0.0 // indirect
	github.com/ebitengine/purego v0.8.0 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/jezek/xgb v1.1.1 // indirect
	github.com/norunners/vert v0.0.0-20221203075838-106a353d42dd
	github.com/yuin/goldmark v1.8.7
	golang.org/x/sync v0.8.0 // indirect
	golang.org/x/sys v0.25.0 // indirect
)
