-- The DuckDB peer of fct_handoff (DESIGN sections 3 and 4), from the snapshot files alone. The views lead_raw,
-- event_raw, task_raw and opportunity_raw (every column as text, plus snapshot_date) are made by DuckDbPeer;
-- ${lookback_hours} is sla.meeting_lookback_hours. Statements are separated by a semicolon at the end of a line.

CREATE MACRO ts(x) AS CAST(replace(replace(x, 'T', ' '), 'Z', '') AS TIMESTAMP);

-- Each distinct Handoff_Submitted_At__c of a lead is one handoff: the first snapshot that shows it gives the AE it
-- went to, the last one its latest state.
CREATE TABLE submission_snapshots AS
SELECT Id AS lead_id, snapshot_date, ts(Handoff_Submitted_At__c) AS submitted_at, Handoff_AE__c AS handoff_ae,
       ts(Handoff_Accepted_At__c) AS accepted_at, ts(Handoff_Rejected_At__c) AS rejected_at,
       row_number() OVER (PARTITION BY Id, Handoff_Submitted_At__c ORDER BY snapshot_date) AS asc_rank,
       row_number() OVER (PARTITION BY Id, Handoff_Submitted_At__c ORDER BY snapshot_date DESC) AS desc_rank
FROM lead_raw
WHERE Handoff_Submitted_At__c IS NOT NULL;

CREATE TABLE handoff_windows AS
WITH first_seen AS (
    SELECT lead_id, submitted_at, handoff_ae AS ae_id FROM submission_snapshots WHERE asc_rank = 1
), last_seen AS (
    SELECT lead_id, submitted_at, handoff_ae AS current_ae_id, accepted_at, rejected_at
    FROM submission_snapshots WHERE desc_rank = 1
), numbered AS (
    SELECT f.lead_id, f.submitted_at, f.ae_id, l.current_ae_id, l.accepted_at, l.rejected_at,
           dense_rank() OVER (PARTITION BY f.lead_id ORDER BY f.submitted_at) AS handoff_seq,
           lead(f.submitted_at) OVER (PARTITION BY f.lead_id ORDER BY f.submitted_at) AS next_submitted_at
    FROM first_seen f JOIN last_seen l USING (lead_id, submitted_at)
), windowed AS (
    SELECT *, CASE WHEN rejected_at IS NULL THEN next_submitted_at
                   WHEN next_submitted_at IS NULL THEN rejected_at
                   ELSE least(rejected_at, next_submitted_at) END AS window_end
    FROM numbered
)
SELECT *, CASE WHEN prev_window_end IS NULL THEN lookback_start
               ELSE greatest(lookback_start, prev_window_end) END AS meeting_window_start
FROM (SELECT *, submitted_at - INTERVAL ${lookback_hours} HOUR AS lookback_start,
             lag(window_end) OVER (PARTITION BY lead_id ORDER BY submitted_at) AS prev_window_end
      FROM windowed);

-- One meeting per Event Id: its latest version, booked at its earliest CreatedDate, told by its final outcome.
CREATE TABLE meetings AS
SELECT Id AS meeting_id, WhoId AS lead_id, OwnerId AS ae_id, ts(StartDateTime) AS start_at, booked_at,
       CASE WHEN Meeting_Outcome__c IN ('Held', 'No Show', 'Canceled') THEN Meeting_Outcome__c END AS final_outcome
FROM (SELECT *, min(ts(CreatedDate)) OVER (PARTITION BY Id) AS booked_at,
             row_number() OVER (PARTITION BY Id ORDER BY snapshot_date DESC) AS rn
      FROM event_raw)
WHERE rn = 1;

-- AE touches: tasks of the latest Task snapshot completed by their owner, and held meetings at their start.
CREATE TABLE touches AS
SELECT WhoId AS lead_id, OwnerId AS owner_id, ts(CompletedDateTime) AS touch_at
FROM task_raw
WHERE snapshot_date = (SELECT max(snapshot_date) FROM task_raw)
  AND Status = 'Completed' AND CompletedDateTime IS NOT NULL
UNION ALL
SELECT lead_id, ae_id, start_at FROM meetings WHERE final_outcome = 'Held';

CREATE TABLE first_contacts AS
SELECT w.lead_id, w.handoff_seq, min(t.touch_at) AS first_contact_at
FROM handoff_windows w JOIN touches t
  ON t.lead_id = w.lead_id AND t.owner_id = w.current_ae_id AND t.touch_at >= w.submitted_at
 AND (w.window_end IS NULL OR t.touch_at < w.window_end)
GROUP BY w.lead_id, w.handoff_seq;

CREATE TABLE first_meetings AS
SELECT lead_id, handoff_seq, meeting_id AS first_meeting_id, start_at AS meeting_start_at,
       final_outcome AS meeting_outcome
FROM (SELECT w.lead_id, w.handoff_seq, m.meeting_id, m.start_at, m.final_outcome,
             row_number() OVER (PARTITION BY w.lead_id, w.handoff_seq ORDER BY m.start_at, m.meeting_id) AS rn
      FROM handoff_windows w JOIN meetings m
        ON m.lead_id = w.lead_id AND m.booked_at >= w.meeting_window_start
       AND (w.window_end IS NULL OR m.booked_at < w.window_end))
WHERE rn = 1;

-- The lead's converted opportunity (latest snapshot of each), given to its last handoff submitted by then.
CREATE TABLE opportunities AS
WITH latest_lead AS (
    SELECT Id AS lead_id, ConvertedOpportunityId AS opportunity_id
    FROM (SELECT *, row_number() OVER (PARTITION BY Id ORDER BY snapshot_date DESC) AS rn FROM lead_raw)
    WHERE rn = 1 AND ConvertedOpportunityId IS NOT NULL
), latest_opportunity AS (
    SELECT Id AS opportunity_id, ts(CreatedDate) AS opportunity_created_at, IsWon = 'true' AS opportunity_is_won
    FROM (SELECT *, row_number() OVER (PARTITION BY Id ORDER BY snapshot_date DESC) AS rn FROM opportunity_raw)
    WHERE rn = 1
)
SELECT w.lead_id, max(w.handoff_seq) AS handoff_seq, o.opportunity_id, o.opportunity_created_at,
       o.opportunity_is_won
FROM latest_lead l JOIN latest_opportunity o USING (opportunity_id)
JOIN handoff_windows w ON w.lead_id = l.lead_id AND w.submitted_at <= o.opportunity_created_at
GROUP BY w.lead_id, o.opportunity_id, o.opportunity_created_at, o.opportunity_is_won;

CREATE TABLE peer_handoff AS
SELECT w.lead_id, w.handoff_seq, w.ae_id, w.current_ae_id, w.submitted_at, w.accepted_at, w.rejected_at,
       c.first_contact_at, m.first_meeting_id, m.meeting_start_at, m.meeting_outcome, o.opportunity_id,
       o.opportunity_created_at, o.opportunity_is_won,
       (epoch_us(w.accepted_at) - epoch_us(w.submitted_at)) / 3600000000.0 AS hours_to_accept,
       (epoch_us(c.first_contact_at) - epoch_us(w.submitted_at)) / 3600000000.0 AS hours_to_first_contact
FROM handoff_windows w
LEFT JOIN first_contacts c USING (lead_id, handoff_seq)
LEFT JOIN first_meetings m USING (lead_id, handoff_seq)
LEFT JOIN opportunities o USING (lead_id, handoff_seq);
