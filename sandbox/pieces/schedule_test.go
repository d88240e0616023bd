package pieces

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/workflows-mcp/mcp-bridge/workflows"
)

func scheduleTrigger(name string, input map[string]any) *workflows.Trigger {
	return &workflows.Trigger{Type: workflows.TriggerPiece, Settings: workflows.Settings{
		PieceName: ScheduleName, PieceVersion: "0.1.5", TriggerName: name, Input: input}}
}

// Each trigger turns its props into the cron expression, timezone and run
// output the published piece's onEnable and run compute.
func TestTriggerScheduleMatchesThePiece(t *testing.T) {
	cases := []struct {
		trigger      string
		input        map[string]any
		cron, tz     string
		outputAsJSON string
	}{
		{EveryXMinutes, map[string]any{"minutes": 5.0}, "*/5 * * * *", "UTC", `{"cron_expression":"*/5 * * * *","timezone":"UTC"}`},
		{EveryXMinutes, map[string]any{"minutes": "15"}, "*/15 * * * *", "UTC", `{"cron_expression":"*/15 * * * *","timezone":"UTC"}`},
		{EveryHour, map[string]any{"run_on_weekends": false}, "0 * * * 1-5", "UTC", `{"cron_expression":"0 * * * 1-5","timezone":"UTC"}`},
		{EveryHour, map[string]any{"run_on_weekends": true}, "0 * * * *", "UTC", `{"cron_expression":"0 * * * *","timezone":"UTC"}`},
		{EveryDay, map[string]any{"hour_of_the_day": 9.0, "timezone": "Asia/Tokyo", "run_on_weekends": true},
			"0 9 * * *", "Asia/Tokyo", `{"cron_expression":"0 9 * * *","hour_of_the_day":9,"timezone":"Asia/Tokyo"}`},
		// The piece reads only integers: text counts as 0, as its validateHours does.
		{EveryDay, map[string]any{"hour_of_the_day": "9", "timezone": "UTC", "run_on_weekends": false},
			"0 0 * * 1-5", "UTC", `{"cron_expression":"0 0 * * 1-5","hour_of_the_day":0,"timezone":"UTC"}`},
		{EveryWeek, map[string]any{"day_of_the_week": 1.0, "hour_of_the_day": 30.0, "timezone": "UTC"},
			"0 23 * * 1", "UTC", `{"cron_expression":"0 23 * * 1","day_of_the_week":1,"hour_of_the_day":23,"timezone":"UTC"}`},
		{EveryMonth, map[string]any{"day_of_the_month": 15.0, "hour_of_the_day": 12.0, "timezone": "Europe/Paris"},
			"0 12 15 * *", "Europe/Paris", `{"cron_expression":"0 12 15 * *","day_of_the_month":15,"hour_of_the_day":12,"timezone":"Europe/Paris"}`},
		{CronExpression, map[string]any{"cronExpression": "0/5 * * * *", "timezone": "America/New_York"}, "0/5 * * * *", "America/New_York", `{}`},
	}
	for _, c := range cases {
		s, err := TriggerSchedule(scheduleTrigger(c.trigger, c.input))
		if err != nil {
			t.Errorf("%s %v: %v", c.trigger, c.input, err)
			continue
		}
		output, _ := json.Marshal(s.Output)
		if s.CronExpression != c.cron || s.Timezone != c.tz || string(output) != c.outputAsJSON {
			t.Errorf("%s %v = %q %q %s, want %q %q %s", c.trigger, c.input, s.CronExpression, s.Timezone, output, c.cron, c.tz, c.outputAsJSON)
		}
	}
}

// What enabling the trigger refuses upstream is an error here, so publishing refuses it.
func TestTriggerScheduleRefusesWhatEnablingRefuses(t *testing.T) {
	cases := []struct {
		trigger string
		input   map[string]any
		want    string
	}{
		{EveryXMinutes, map[string]any{"minutes": 0.0}, "Invalid cron expression: */0 * * * *"},
		{EveryXMinutes, map[string]any{"minutes": 60.0}, "Invalid cron expression: */60 * * * *"},
		{EveryXMinutes, map[string]any{}, "Invalid cron expression: */undefined * * * *"},
		{EveryMonth, map[string]any{"day_of_the_month": 0.0, "hour_of_the_day": 0.0, "timezone": "UTC"}, "Invalid cron expression: 0 0 0 * *"},
		{CronExpression, map[string]any{"cronExpression": "every minute", "timezone": "UTC"}, "Invalid cron expression: every minute"},
		{CronExpression, map[string]any{"cronExpression": "0 0 * * * *", "timezone": "UTC"}, "Invalid cron expression: 0 0 * * * *"},
		{CronExpression, map[string]any{"cronExpression": "@hourly", "timezone": "UTC"}, "Invalid cron expression: @hourly"},
		{CronExpression, map[string]any{"cronExpression": "* * * * *", "timezone": "Mars/Olympus"}, `invalid timezone "Mars/Olympus"`},
		{"every_second", map[string]any{}, `no trigger "every_second"`},
	}
	for _, c := range cases {
		_, err := TriggerSchedule(scheduleTrigger(c.trigger, c.input))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %v: error %v, want one containing %q", c.trigger, c.input, err, c.want)
		}
	}
	other := &workflows.Trigger{Type: workflows.TriggerPiece, Settings: workflows.Settings{PieceName: WebhookName, TriggerName: CatchWebhook}}
	if s, err := TriggerSchedule(other); s != nil || err != nil {
		t.Errorf("a webhook trigger has schedule %v, %v; want none", s, err)
	}
}

// Next follows the cron expression in the trigger's timezone, across a change of daylight saving time.
func TestScheduleNextInTimezone(t *testing.T) {
	s, err := TriggerSchedule(scheduleTrigger(CronExpression, map[string]any{"cronExpression": "30 9 * * *", "timezone": "Europe/Paris"}))
	if err != nil {
		t.Fatal(err)
	}
	// Paris moves from UTC+1 to UTC+2 on 2025-03-30.
	after := time.Date(2025, 3, 29, 7, 0, 0, 0, time.UTC)
	want := []time.Time{
		time.Date(2025, 3, 30, 7, 30, 0, 0, time.UTC),
		time.Date(2025, 3, 31, 7, 30, 0, 0, time.UTC),
	}
	first := s.Next(after)
	if !first.Equal(time.Date(2025, 3, 29, 8, 30, 0, 0, time.UTC)) {
		t.Fatalf("first due = %v, want 08:30 UTC (09:30 in Paris, winter time)", first.UTC())
	}
	for _, w := range want {
		first = s.Next(first)
		if !first.Equal(w) {
			t.Fatalf("next due = %v, want %v", first.UTC(), w)
		}
	}
}

// The timezone dropdown lists the piece's 419 zones, labelled as it labels them.
func TestTimezoneOptions(t *testing.T) {
	options := timezoneOptions()
	if len(options) != 419 {
		t.Fatalf("%d timezones, want the piece's 419", len(options))
	}
	want := map[string]string{
		"Pacific/Midway":       "(GMT-11:00) Pacific, Midway",
		"America/St_Kitts":     "(GMT-04:00) America, St. Kitts",
		"America/Indiana/Knox": "(GMT-05:00) America, Indiana, Knox",
		"UTC":                  "(GMT) UTC",
	}
	for _, o := range options {
		if label, ok := want[o.Value.(string)]; ok {
			if o.Label != label {
				t.Errorf("%s is labelled %q, want %q", o.Value, o.Label, label)
			}
			delete(want, o.Value.(string))
		}
		if _, err := time.LoadLocation(o.Value.(string)); err != nil {
			t.Errorf("timezone %s does not load: %v", o.Value, err)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing timezones: %v", reflect.ValueOf(want).MapKeys())
	}
}

// Whatever the engine's validator accepts, the sandbox can also schedule:
// robfig/cron reads every expression workflows.ValidCron takes, so a flow that
// publishes on Activepieces publishes in the sandbox.
func FuzzCronAcceptedIsScheduled(f *testing.F) {
	for _, seed := range []string{"* * * * *", "*/5 0-23/2 1,15 * 0", "5/15 9 31 12 6", "00 09 01 01 00", "0 9 * * MON",
		"\ufeff*/9223372036854775808 * * * *"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		if !workflows.ValidCron(expr) {
			return
		}
		if _, err := cronParser.Parse(schedulable(expr)); err != nil {
			t.Fatalf("ValidCron accepts %q, robfig/cron refuses it: %v", expr, err)
		}
	})
}
