CREATE TABLE "database_identity" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"database_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_failures" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"window_seconds" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "change_events" ADD COLUMN "previous" jsonb;--> statement-breakpoint
ALTER TABLE "change_events" ADD COLUMN "changed_fields" jsonb;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "absolute_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "last_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "device_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "revoked_reason" text;--> statement-breakpoint
-- Hand-written from here on (keep it when regenerating this migration).
-- This database's identity: cursors carry it, so a cursor from another database or a restored copy is told apart.
INSERT INTO "database_identity" ("id", "database_id") VALUES (1, replace(gen_random_uuid()::text, '-', '')) ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Sessions made before sliding expiry keep the end they were given.
UPDATE "sessions" SET "absolute_expires_at" = "expires_at" WHERE "absolute_expires_at" IS NULL;--> statement-breakpoint
UPDATE "sessions" SET "revoked_reason" = 'SIGNED_OUT' WHERE "revoked_at" IS NOT NULL AND "revoked_reason" IS NULL;
