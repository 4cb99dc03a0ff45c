package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"meldpunt/internal/casework"
	"meldpunt/internal/postgres"
)

// The API of client trajectories (uniform monitoring): a supporter's account records, per client,
// the issues by topic, the contacts and other work with their minutes, the referrals and the
// outcome. Only supporter accounts may; each sees only the trajectories of the member of the pool
// it belongs to (another member's are not found), and an account that belongs to none is refused.

// trajectoryRecorders are the roles that record trajectories: supporters only.
var trajectoryRecorders = []casework.Role{casework.RoleSupporter}

const noTrajectory = "No trajectory with this id."

func (s *Server) listTrajectories(c *gin.Context) {
	list, err := s.store.Trajectories(c.Request.Context(), actor(c), postgres.TrajectoryFilter(c.Query("status")))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, map[string]any{"trajectories": list})
}

func (s *Server) createTrajectory(c *gin.Context) {
	var in casework.TrajectoryInput
	if err := decode(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.store.CreateTrajectory(c.Request.Context(), actor(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusCreated, t)
}

func (s *Server) getTrajectory(c *gin.Context) {
	id, err := pathID(c, noTrajectory)
	if err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.store.Trajectory(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, t)
}

// changeTrajectory is a handler that decodes a body of type T and applies it to the trajectory
// of the path with do, answering the trajectory as it is afterwards with status.
func changeTrajectory[T any](s *Server, status int,
	do func(c *gin.Context, id int64, in T) (casework.Trajectory, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := pathID(c, noTrajectory)
		if err != nil {
			s.fail(c, err)
			return
		}
		var in T
		if err := decode(c, &in); err != nil {
			s.fail(c, err)
			return
		}
		t, err := do(c, id, in)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.writeJSON(c, status, t)
	}
}

func (s *Server) editTrajectory() gin.HandlerFunc {
	return changeTrajectory(s, http.StatusOK, func(c *gin.Context, id int64, in casework.TrajectoryEdit) (casework.Trajectory, error) {
		return s.store.EditTrajectory(c.Request.Context(), actor(c), id, in)
	})
}

func (s *Server) addTrajectoryIssue() gin.HandlerFunc {
	return changeTrajectory(s, http.StatusCreated, func(c *gin.Context, id int64, in casework.IssueInput) (casework.Trajectory, error) {
		return s.store.AddTrajectoryIssue(c.Request.Context(), actor(c), id, in)
	})
}

func (s *Server) addTrajectoryActivity() gin.HandlerFunc {
	return changeTrajectory(s, http.StatusCreated, func(c *gin.Context, id int64, in casework.ActivityInput) (casework.Trajectory, error) {
		return s.store.AddTrajectoryActivity(c.Request.Context(), actor(c), id, in)
	})
}

func (s *Server) addTrajectoryReferral() gin.HandlerFunc {
	return changeTrajectory(s, http.StatusCreated, func(c *gin.Context, id int64, in casework.ReferralInput) (casework.Trajectory, error) {
		return s.store.AddTrajectoryReferral(c.Request.Context(), actor(c), id, in)
	})
}

func (s *Server) closeTrajectory() gin.HandlerFunc {
	return changeTrajectory(s, http.StatusOK, func(c *gin.Context, id int64, in casework.CloseInput) (casework.Trajectory, error) {
		return s.store.CloseTrajectory(c.Request.Context(), actor(c), id, in)
	})
}

func (s *Server) reopenTrajectory(c *gin.Context) {
	id, err := pathID(c, noTrajectory)
	if err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.store.ReopenTrajectory(c.Request.Context(), actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeJSON(c, http.StatusOK, t)
}

// removeTrajectoryEntry removes an issue, activity or referral recorded by mistake.
func (s *Server) removeTrajectoryEntry(kind casework.TrajectoryEntry) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := pathID(c, noTrajectory)
		if err != nil {
			s.fail(c, err)
			return
		}
		entry, err := strconv.ParseInt(c.Param("entry"), 10, 64)
		if err != nil || entry <= 0 {
			s.fail(c, casework.Errorf(casework.CodeNotFound, "No such record on this trajectory."))
			return
		}
		t, err := s.store.RemoveTrajectoryEntry(c.Request.Context(), actor(c), id, kind, entry)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.writeJSON(c, http.StatusOK, t)
	}
}
