package casework

import "slices"

// IssueTopic is the topic of one issue (kwestie) a client brings to a supporter: finer than the
// life domain, the unit of seed 002's uniform monitoring.
type IssueTopic string

// Issue topics (migration 00018 holds the same list).
const (
	TopicDayActivities   IssueTopic = "day_activities"
	TopicHouseholdHelp   IssueTopic = "household_help"
	TopicTransport       IssueTopic = "transport"
	TopicAidsAdaptations IssueTopic = "aids_adaptations"
	TopicCareAtHome      IssueTopic = "care_at_home"
	TopicYouthCare       IssueTopic = "youth_care"
	TopicWorkIncome      IssueTopic = "work_income"
	TopicFinances        IssueTopic = "finances"
	TopicDebts           IssueTopic = "debts"
	TopicHousingShelter  IssueTopic = "housing_shelter"
	TopicHealth          IssueTopic = "health"
	TopicEducation       IssueTopic = "education"
	TopicObjectionAppeal IssueTopic = "objection_appeal"
	TopicComplaint       IssueTopic = "complaint"
	TopicOther           IssueTopic = "other"
)

// IssueTopics lists every topic in the order figures show them.
var IssueTopics = []IssueTopic{TopicDayActivities, TopicHouseholdHelp, TopicTransport, TopicAidsAdaptations,
	TopicCareAtHome, TopicYouthCare, TopicWorkIncome, TopicFinances, TopicDebts, TopicHousingShelter,
	TopicHealth, TopicEducation, TopicObjectionAppeal, TopicComplaint, TopicOther}

// Valid reports whether t is a known topic.
func (t IssueTopic) Valid() bool { return slices.Contains(IssueTopics, t) }

// TrajectoryOutcome is how a client trajectory ended.
type TrajectoryOutcome string

// Outcomes of a trajectory.
const (
	OutcomeResolved       TrajectoryOutcome = "resolved"
	OutcomePartlyResolved TrajectoryOutcome = "partly_resolved"
	OutcomeNotResolved    TrajectoryOutcome = "not_resolved"
	OutcomeReferred       TrajectoryOutcome = "referred"
	OutcomeClientStopped  TrajectoryOutcome = "client_stopped"
)

// TrajectoryOutcomes lists every outcome.
var TrajectoryOutcomes = []TrajectoryOutcome{OutcomeResolved, OutcomePartlyResolved, OutcomeNotResolved,
	OutcomeReferred, OutcomeClientStopped}

// Valid reports whether o is a known outcome.
func (o TrajectoryOutcome) Valid() bool { return slices.Contains(TrajectoryOutcomes, o) }

// ActivityChannel is how a supporter spent time on a trajectory: a contact with the client by one
// of the channels, going along to a meeting (accompanied), or work without the client (desk).
type ActivityChannel string

// Activity channels.
const (
	ActivityPhone       ActivityChannel = "phone"
	ActivityEmail       ActivityChannel = "email"
	ActivityWhatsApp    ActivityChannel = "whatsapp"
	ActivityWalkIn      ActivityChannel = "walk_in"
	ActivityHomeVisit   ActivityChannel = "home_visit"
	ActivityVideo       ActivityChannel = "video"
	ActivityLetter      ActivityChannel = "letter"
	ActivityAccompanied ActivityChannel = "accompanied"
	ActivityDesk        ActivityChannel = "desk"
)

// ActivityChannels lists every activity channel.
var ActivityChannels = []ActivityChannel{ActivityPhone, ActivityEmail, ActivityWhatsApp, ActivityWalkIn,
	ActivityHomeVisit, ActivityVideo, ActivityLetter, ActivityAccompanied, ActivityDesk}

// Valid reports whether c is a known activity channel.
func (c ActivityChannel) Valid() bool { return slices.Contains(ActivityChannels, c) }
