module github.com/smmuplay/smmuplay

go 1.26.8
