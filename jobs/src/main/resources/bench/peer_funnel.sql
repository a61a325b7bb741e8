-- The DuckDB peer of mart_handoff_funnel's counts (DESIGN section 5) per AE holding the handoff, from
-- peer_handoff: the counts that need no business-hours calendar. ${as_of} is the build's as-of instant (UTC),
-- ${m2o_days} sla.meeting_to_opportunity_days.

CREATE TABLE peer_funnel AS
WITH outcomes AS (
    SELECT current_ae_id AS ae_id,
           meeting_start_at <= TIMESTAMP '${as_of}' AND coalesce(meeting_outcome, '') <> 'Canceled' AS due,
           meeting_outcome = 'Held' AS held,
           meeting_outcome = 'No Show' AS no_show,
           meeting_outcome = 'Held'
               AND meeting_start_at + INTERVAL ${m2o_days} DAY <= TIMESTAMP '${as_of}' AS m2o_eligible,
           opportunity_created_at <= meeting_start_at + INTERVAL ${m2o_days} DAY AS converted,
           opportunity_id IS NOT NULL AS has_opportunity,
           opportunity_is_won AS won
    FROM peer_handoff
)
SELECT ae_id,
       count(*) AS handoffs,
       count(*) FILTER (WHERE due) AS meetings_due,
       count(*) FILTER (WHERE due AND held) AS meetings_held,
       count(*) FILTER (WHERE due AND no_show) AS meetings_no_show,
       count(*) FILTER (WHERE m2o_eligible) AS m2o_eligible,
       count(*) FILTER (WHERE m2o_eligible AND converted) AS m2o_converted,
       count(*) FILTER (WHERE has_opportunity) AS opportunities,
       count(*) FILTER (WHERE won) AS won
FROM outcomes
GROUP BY ae_id;
