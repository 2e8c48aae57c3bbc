package training

import (
	"strings"

	"kijun/internal/kijun"
)

// Question is one question of a course's quiz: a text, its choices, and
// the index of the right one.
type Question struct {
	Text    string   `json:"text"`
	Choices []string `json:"choices"`
	Answer  int      `json:"answer"`
}

func (q Question) check() string {
	switch {
	case strings.TrimSpace(q.Text) == "":
		return "問題文がありません"
	case len(q.Choices) < 2:
		return "選択肢を 2 つ以上入力してください"
	case q.Answer < 0 || q.Answer >= len(q.Choices):
		return "正解の選択肢がありません"
	}
	return ""
}

// Grade scores answers (one choice index per question) out of 100 and
// says whether they reach the pass mark. Every question must be answered.
func (c Course) Grade(answers []int) (score int, passed bool, err error) {
	if len(c.Quiz) == 0 {
		return 0, false, kijun.Errorf(kijun.EINVALID, "研修 %s には確認テストがありません", c.ID)
	}
	if len(answers) != len(c.Quiz) {
		return 0, false, kijun.Errorf(kijun.EINVALID, "確認テストの設問 %d 問すべてに答えてください（回答 %d 問）", len(c.Quiz), len(answers))
	}
	right := 0
	for i, q := range c.Quiz {
		if answers[i] < 0 || answers[i] >= len(q.Choices) {
			return 0, false, kijun.Errorf(kijun.EINVALID, "設問 %d の回答を選んでください", i+1)
		}
		if answers[i] == q.Answer {
			right++
		}
	}
	score = right * 100 / len(c.Quiz)
	return score, score >= c.PassMark, nil
}
