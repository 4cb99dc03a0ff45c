package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
	"meldpunt/internal/web/core"
)

// The API of client trajectories (uniform monitoring): a supporter's account records, per client,
// the issues by topic, the contacts and other work with their minutes, the referrals and the
// outcome. Only supporter accounts may; each sees only the trajectories of the member of the pool
// it belongs to (another member's are not found), and an account that belongs to none is refused.

// TrajectoryRecorders are the roles that record trajectories: supporters only.
var TrajectoryRecorders = []casework.Role{casework.RoleSupporter}

const NoTrajectory = "No trajectory with this id."

func (s *Server) ListTrajectories(c *gin.Context) {
	list, err := s.Store.Trajectories(c.Request.Context(), core.Actor(c), postgres.TrajectoryFilter(c.Query("status")))
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, map[string]any{"trajectories": list})
}

func (s *Server) CreateTrajectory(c *gin.Context) {
	var in casework.TrajectoryInput
	if err := core.Decode(c, &in); err != nil {
		s.Fail(c, err)
		return
	}
	t, err := s.Store.CreateTrajectory(c.Request.Context(), core.Actor(c), in)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusCreated, t)
}

func (s *Server) GetTrajectory(c *gin.Context) {
	id, err := PathID(c, NoTrajectory)
	if err != nil {
		s.Fail(c, err)
		return
	}
	t, err := s.Store.Trajectory(c.Request.Context(), core.Actor(c), id)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, t)
}

// changeTrajectory is a handler that decodes a body of type T and applies it to the trajectory
// of the path with do, answering the trajectory as it is afterwards with status.
func changeTrajectory[T any](s *Server, status int,
	do func(c *gin.Context, id int64, in T) (casework.Trajectory, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := PathID(c, NoTrajectory)
		if err != nil {
			s.Fail(c, err)
			return
		}
		var in T
		if err := core.Decode(c, &in); err != nil {
			s.Fail(c, err)
			return
		}
		t, err := do(c, id, in)
		if err != nil {
			s.Fail(c, err)
			return
		}
		s.WriteJSON(c, status, t)
	}
}

func (s *Server) EditTrajectory() gin.HandlerFunc {
	return changeTrajectory(s, http.StatusOK, func(c *gin.Context, id int64, in casework.TrajectoryEdit) (casework.Trajectory, error) {
		return s.Store.EditTrajectory(c.Request.Context(), core.Actor(c), id, in)
	})
}

func (s *Server) AddTrajectoryIssue() gin.HandlerFunc {
	return changeTrajectory(s, http.StatusCreated, func(c *gin.Context, id int64, in casework.IssueInput) (casework.Trajectory, error) {
		return s.Store.AddTrajectoryIssue(c.Request.Context(), core.Actor(c), id, in)
	})
}

func (s *Server) AddTrajectoryActivity() gin.HandlerFunc {
	return changeTrajectory(s, http.StatusCreated, func(c *gin.Context, id int64, in casework.ActivityInput) (casework.Trajectory, error) {
		return s.Store.AddTrajectoryActivity(c.Request.Context(), core.Actor(c), id, in)
	})
}

func (s *Server) AddTrajectoryReferral() gin.HandlerFunc {
	return changeTrajectory(s, http.StatusCreated, func(c *gin.Context, id int64, in casework.ReferralInput) (casework.Trajectory, error) {
		return s.Store.AddTrajectoryReferral(c.Request.Context(), core.Actor(c), id, in)
	})
}

func (s *Server) CloseTrajectory() gin.HandlerFunc {
	return changeTrajectory(s, http.StatusOK, func(c *gin.Context, id int64, in casework.CloseInput) (casework.Trajectory, error) {
		return s.Store.CloseTrajectory(c.Request.Context(), core.Actor(c), id, in)
	})
}

func (s *Server) ReopenTrajectory(c *gin.Context) {
	id, err := PathID(c, NoTrajectory)
	if err != nil {
		s.Fail(c, err)
		return
	}
	t, err := s.Store.ReopenTrajectory(c.Request.Context(), core.Actor(c), id)
	if err != nil {
		s.Fail(c, err)
		return
	}
	s.WriteJSON(c, http.StatusOK, t)
}

// RemoveTrajectoryEntry removes an issue, activity or referral recorded by mistake.
func (s *Server) RemoveTrajectoryEntry(kind casework.TrajectoryEntry) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := PathID(c, NoTrajectory)
		if err != nil {
			s.Fail(c, err)
			return
		}
		entry, err := strconv.ParseInt(c.Param("entry"), 10, 64)
		if err != nil || entry <= 0 {
			s.Fail(c, casework.Errorf(casework.CodeNotFound, "No such record on this trajectory."))
			return
		}
		t, err := s.Store.RemoveTrajectoryEntry(c.Request.Context(), core.Actor(c), id, kind, entry)
		if err != nil {
			s.Fail(c, err)
			return
		}
		s.WriteJSON(c, http.StatusOK, t)
	}
}
