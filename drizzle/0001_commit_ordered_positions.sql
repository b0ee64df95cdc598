-- Change-log positions follow commit order: every event takes its final position while its transaction
-- commits, under a transaction-scoped advisory lock that is released only once the commit is visible.
-- A reader that has seen position P therefore never later finds a committed event below P. Taking the
-- lock inside the writer's transaction instead held it across round trips to the application, so
-- concurrent writes queued behind a busy server's event loop. The NOTIFY that wakes every instance's
-- change feed is delivered at commit (never on rollback). The lock key and the channel are named in
-- server/sync/change-log.ts.
CREATE FUNCTION change_events_take_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1464290883);
  UPDATE change_events SET position = nextval('change_events_position_seq') WHERE position = NEW.position;
  PERFORM pg_notify('staffsync_changes', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER change_events_commit_order AFTER INSERT ON change_events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION change_events_take_position();
