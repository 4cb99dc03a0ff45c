package pages

import (
	"testing"

	"meldpunt/internal/casework"
)

// TestTrackTextsComplete: every topic, channel, outcome and success flag of the trajectory pages
// has a text in Dutch and English, so that no page shows a bare key.
func TestTrackTextsComplete(t *testing.T) {
	var keys []string
	for _, v := range casework.IssueTopics {
		keys = append(keys, "tr.topic."+string(v))
	}
	for _, v := range casework.ActivityChannels {
		keys = append(keys, "tr.channel."+string(v))
	}
	for _, v := range casework.TrajectoryOutcomes {
		keys = append(keys, "tr.outcome."+string(v))
	}
	for _, f := range trackFlags {
		keys = append(keys, "office.done."+f)
	}
	for _, m := range trackMessages {
		keys = append(keys, m.key)
	}
	for _, k := range keys {
		if tx, ok := textOf(k); !ok || tx[0] == "" || tx[1] == "" || tx[0] == tx[1] && k != "tr.channel.whatsapp" && k != "tr.channel.email" {
			t.Errorf("text %s: %q", k, tx)
		}
	}
}
