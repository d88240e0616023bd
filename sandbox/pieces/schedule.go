package pieces

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	// The IANA time zone database, for schedules in a timezone on machines
	// that have none of their own: Windows without Go installed, and minimal
	// container images. It adds about 450 KB to the binary; the system's
	// database is still read first where there is one.
	_ "time/tzdata"

	"github.com/robfig/cron/v3"
	"github.com/workflows-mcp/mcp-bridge/workflows"
)

// The schedule piece: six polling triggers that start a flow on a timetable.
// The piece itself only turns its props into a cron expression and a timezone
// (its onEnable) and says what each run's trigger output is (its run); the
// server's job queue does the timing. In the sandbox, TriggerSchedule does the
// piece's part and the HTTP side's scheduler the server's.
const (
	ScheduleName   = "@activepieces/piece-schedule"
	EveryXMinutes  = "every_x_minutes"
	EveryHour      = "every_hour"
	EveryDay       = "every_day"
	EveryWeek      = "every_week"
	EveryMonth     = "every_month"
	CronExpression = "cron_expression"
)

var schedule = Piece{
	Name:     ScheduleName,
	Versions: []string{"0.1.5"},
	Metadata: scheduleMetadata,
}

func scheduleMetadata(version string) *workflows.Piece {
	return &workflows.Piece{
		Name:        ScheduleName,
		DisplayName: "Schedule",
		Description: "Trigger flow with fixed schedule",
		LogoURL:     "https://cdn.activepieces.com/pieces/schedule.png",
		Version:     version,
		Authors:     []string{"kishanprmr", "AbdulTheActivePiecer", "khaledmashaly", "abuaboud"},
		Categories:  []string{"CORE"},
		PieceType:   "OFFICIAL",
		PackageType: "REGISTRY",
		Extra:       pieceExtra("0.5.0"),
		Actions:     map[string]workflows.PieceComponent{},
		Triggers: map[string]workflows.PieceComponent{
			EveryXMinutes: pollingTrigger(EveryXMinutes, "Every X Minutes", "Triggers the current flow every X minutes",
				map[string]workflows.PieceProperty{"minutes": minutesProp()}),
			EveryHour: pollingTrigger(EveryHour, "Every Hour", "Triggers the current flow every hour",
				map[string]workflows.PieceProperty{"run_on_weekends": weekendsProp()}),
			EveryDay: pollingTrigger(EveryDay, "Every Day", "Triggers the current flow every day",
				map[string]workflows.PieceProperty{"hour_of_the_day": hourProp(true), "timezone": timezoneProp(), "run_on_weekends": weekendsProp()}),
			EveryWeek: pollingTrigger(EveryWeek, "Every Week", "Triggers the current flow every week",
				map[string]workflows.PieceProperty{"day_of_the_week": weekDayProp(), "hour_of_the_day": hourProp(false), "timezone": timezoneProp()}),
			EveryMonth: pollingTrigger(EveryMonth, "Every Month", "Triggers the current flow every month",
				map[string]workflows.PieceProperty{"day_of_the_month": monthDayProp(), "hour_of_the_day": hourProp(false), "timezone": timezoneProp()}),
			CronExpression: pollingTrigger(CronExpression, "Cron Expression", "Trigger based on cron expression",
				map[string]workflows.PieceProperty{
					"cronExpression": {DisplayName: "Cron Expression", Description: "Cron expression to trigger", Type: "SHORT_TEXT",
						Required: true, DefaultValue: metadataJSON("0/5 * * * *")},
					"timezone": timezoneProp(),
				}),
		},
	}
}

// pollingTrigger is a trigger's metadata as the framework builds it for the
// POLLING strategy (no handshake, no renewal, tested by its test function).
func pollingTrigger(name, displayName, description string, props map[string]workflows.PieceProperty) workflows.PieceComponent {
	return workflows.PieceComponent{
		Name: name, DisplayName: displayName, Description: description, Type: "POLLING", Props: props,
		Extra: workflows.Extra{
			"sampleData":             metadataJSON(map[string]any{}),
			"testStrategy":           metadataJSON("TEST_FUNCTION"),
			"requireAuth":            metadataJSON(true),
			"handshakeConfiguration": metadataJSON(map[string]string{"strategy": "NONE"}),
			"renewConfiguration":     metadataJSON(map[string]string{"strategy": "NONE"}),
		},
	}
}

// staticOption is one choice of a static dropdown whose values are numbers or text.
type staticOption struct {
	Label string `json:"label"`
	Value any    `json:"value"`
}

// staticDropdown is a STATIC_DROPDOWN prop; a nil defaultValue declares none.
func staticDropdown(displayName, description string, defaultValue any, disabled bool, options []staticOption) workflows.PieceProperty {
	p := workflows.PieceProperty{DisplayName: displayName, Description: description, Type: "STATIC_DROPDOWN", Required: true}
	if defaultValue != nil {
		p.DefaultValue = metadataJSON(defaultValue)
	}
	list := map[string]any{"options": options}
	if disabled {
		// Only every_x_minutes spells out "disabled": false.
		list["disabled"] = false
	}
	p.Options = metadataJSON(list)
	return p
}

func minutesProp() workflows.PieceProperty {
	options := make([]staticOption, 59)
	for i := range options {
		label := strconv.Itoa(i+1) + " minutes"
		if i == 0 {
			label = "1 minute"
		}
		options[i] = staticOption{label, i + 1}
	}
	return staticDropdown("Minutes", "Valid value between 1 to 59.", 1, true, options)
}

func weekendsProp() workflows.PieceProperty {
	return workflows.PieceProperty{DisplayName: "Run on weekends (Sat,Sun)", Type: "CHECKBOX", Required: true, DefaultValue: metadataJSON(false)}
}

// hourProp is hour_of_the_day: "Midnight", "1 am" … "Noon", "1 pm" … "11 pm"
// for 0 … 23. Only every_day gives it a default.
func hourProp(withDefault bool) workflows.PieceProperty {
	options := make([]staticOption, 24)
	for h := range options {
		switch {
		case h == 0:
			options[h] = staticOption{"Midnight", h}
		case h < 12:
			options[h] = staticOption{strconv.Itoa(h) + " am", h}
		case h == 12:
			options[h] = staticOption{"Noon", h}
		default:
			options[h] = staticOption{strconv.Itoa(h-12) + " pm", h}
		}
	}
	var def any
	if withDefault {
		def = 0
	}
	return staticDropdown("Hour of the day", "", def, false, options)
}

func weekDayProp() workflows.PieceProperty {
	days := []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	options := make([]staticOption, len(days))
	for i, d := range days {
		options[i] = staticOption{d, i}
	}
	return staticDropdown("Day of the week", "", nil, false, options)
}

func monthDayProp() workflows.PieceProperty {
	options := make([]staticOption, 31)
	for i := range options {
		options[i] = staticOption{strconv.Itoa(i + 1), i + 1}
	}
	return staticDropdown("Day of the month", "", nil, false, options)
}

func timezoneProp() workflows.PieceProperty {
	return staticDropdown("Timezone", "", "UTC", false, timezoneOptions())
}

// Schedule is when a schedule trigger starts its flow, and what each run's
// trigger output is.
type Schedule struct {
	CronExpression string
	Timezone       string
	// Output is the trigger's output in every run the schedule starts: what
	// the piece's run returns (for every_day, the hour, timezone and cron
	// expression; for cron_expression, an empty object).
	Output map[string]any
	spec   cron.Schedule
}

// Next returns the first due time strictly after t.
func (s *Schedule) Next(t time.Time) time.Time { return s.spec.Next(t) }

// Key names the timing: versions whose schedules have equal keys fire at the
// same times, so publishing one over the other keeps the next due time.
func (s *Schedule) Key() string { return s.CronExpression + " @ " + s.Timezone }

// cronParser computes due times from five fields, no seconds and no
// @descriptors; workflows.ValidCron first refuses what the engine refuses.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow)

// schedulable writes an expression workflows.ValidCron accepts so that
// cronParser reads it alike: its fields split as the engine splits them, and
// steps beyond any field's range (robfig/cron reads them as int) as 999,
// which picks the same single value.
func schedulable(expr string) string {
	fields := workflows.CronFields(expr)
	for i, field := range fields {
		items := strings.Split(field, ",")
		for j, item := range items {
			if span, step, ok := strings.Cut(item, "/"); ok && len(strings.TrimLeft(step, "0")) > 3 {
				items[j] = span + "/999"
			}
		}
		fields[i] = strings.Join(items, ",")
	}
	return strings.Join(fields, " ")
}

// TriggerSchedule returns the schedule of a schedule-piece trigger, computed
// from its input as the piece's onEnable computes it; (nil, nil) for any other
// trigger. An error is what enabling the trigger fails with upstream (an
// invalid cron expression or timezone).
func TriggerSchedule(t *workflows.Trigger) (*Schedule, error) {
	if t.Type != workflows.TriggerPiece || t.Settings.PieceName != ScheduleName {
		return nil, nil
	}
	in := t.Settings.Input
	s := &Schedule{Timezone: textOr(in["timezone"], "UTC")}
	hour := clampedInt(in["hour_of_the_day"], 23)
	switch t.Settings.TriggerName {
	case EveryXMinutes:
		minutes := jsText(in["minutes"])
		if n, err := strconv.Atoi(minutes); err != nil || n < 1 || n > 59 {
			return nil, upstreamError("Invalid cron expression: */%s * * * * (minutes must be a whole number from 1 to 59)", minutes)
		}
		s.CronExpression, s.Timezone = "*/"+minutes+" * * * *", "UTC"
		s.Output = map[string]any{"cron_expression": s.CronExpression, "timezone": s.Timezone}
	case EveryHour:
		s.CronExpression, s.Timezone = weekdaysOnly("0 * * *", in["run_on_weekends"]), "UTC"
		s.Output = map[string]any{"cron_expression": s.CronExpression, "timezone": s.Timezone}
	case EveryDay:
		s.CronExpression = weekdaysOnly(fmt.Sprintf("0 %d * *", hour), in["run_on_weekends"])
		s.Output = echoTimezone(in, map[string]any{"hour_of_the_day": hour, "cron_expression": s.CronExpression})
	case EveryWeek:
		day := clampedInt(in["day_of_the_week"], 6)
		s.CronExpression = fmt.Sprintf("0 %d * * %d", hour, day)
		s.Output = echoTimezone(in, map[string]any{"hour_of_the_day": hour, "day_of_the_week": day, "cron_expression": s.CronExpression})
	case EveryMonth:
		day := clampedInt(in["day_of_the_month"], 31)
		s.CronExpression = fmt.Sprintf("0 %d %d * *", hour, day)
		s.Output = echoTimezone(in, map[string]any{"hour_of_the_day": hour, "day_of_the_month": day, "cron_expression": s.CronExpression})
	case CronExpression:
		s.CronExpression = jsText(in["cronExpression"])
		s.Output = map[string]any{}
	default:
		return nil, fmt.Errorf("the schedule piece has no trigger %q", t.Settings.TriggerName)
	}
	return s, s.parse()
}

// parse checks the cron expression and the timezone, as enabling the trigger
// does upstream, and prepares Next.
func (s *Schedule) parse() error {
	if !workflows.ValidCron(s.CronExpression) {
		return upstreamError("Invalid cron expression: %s", s.CronExpression)
	}
	spec, err := cronParser.Parse(schedulable(s.CronExpression))
	if err != nil { // FuzzCronAcceptedIsScheduled says it does not happen
		return upstreamError("Invalid cron expression: %s", s.CronExpression)
	}
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil || s.Timezone == "Local" {
		return fmt.Errorf("invalid timezone %q for the schedule: give an IANA name such as UTC or Europe/Paris", s.Timezone)
	}
	if ss, ok := spec.(*cron.SpecSchedule); ok {
		ss.Location = loc
	}
	s.spec = spec
	return nil
}

// echoTimezone adds the timezone prop to a run's output as the piece's run
// does: as given, and not at all when the input has none.
func echoTimezone(in, out map[string]any) map[string]any {
	if tz, given := in["timezone"]; given {
		out["timezone"] = tz
	}
	return out
}

// weekdaysOnly ends a cron expression with "*" when runOnWeekends is truthy
// (as JavaScript judges it) and with "1-5" otherwise.
func weekdaysOnly(prefix string, runOnWeekends any) string {
	if jsTruthy(runOnWeekends) {
		return prefix + " *"
	}
	return prefix + " 1-5"
}

// clampedInt is the piece's validateHours / validateWeekDays /
// validateMonthDays: an integer (a JSON number, not text) clamped to
// 0…maxValue, and 0 for anything else.
func clampedInt(v any, maxValue int) int {
	f, ok := v.(float64)
	if n, isInt := v.(int); isInt {
		f, ok = float64(n), true
	}
	if !ok || f != math.Trunc(f) || math.IsInf(f, 0) {
		return 0
	}
	return int(math.Min(math.Max(f, 0), float64(maxValue)))
}

// jsText is a prop value interpolated into a JavaScript template string.
func jsText(v any) string {
	switch v := v.(type) {
	case nil:
		return "undefined"
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(v)
}

// jsTruthy reports whether JavaScript counts v as true.
func jsTruthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case float64:
		return v != 0 && !math.IsNaN(v)
	case int:
		return v != 0
	}
	return true
}
