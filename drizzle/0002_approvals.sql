CREATE TYPE "public"."entry_status" AS ENUM('DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'REIMBURSED');--> statement-breakpoint
CREATE TABLE "entity_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"employee_id" text,
	"action" text NOT NULL,
	"actor_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "mileage_rates" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"cents_per_mile" numeric(6, 2) NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "mileage_rates_cents_not_negative" CHECK ("mileage_rates"."cents_per_mile" >= 0),
	CONSTRAINT "mileage_rates_period_order" CHECK ("mileage_rates"."effective_to" IS NULL OR "mileage_rates"."effective_to" >= "mileage_rates"."effective_from")
);
--> statement-breakpoint
CREATE TABLE "timesheets" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "entry_status" DEFAULT 'DRAFT' NOT NULL,
	"status_changed_at" timestamp with time zone,
	"status_changed_by_id" text,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by_id" text,
	"rejection_reason" text,
	"reimbursed_at" timestamp with time zone,
	"reimbursed_by_id" text,
	"employee_id" text NOT NULL,
	"week_start" date NOT NULL,
	CONSTRAINT "timesheets_week_starts_monday" CHECK (extract(isodow from "timesheets"."week_start") = 1),
	CONSTRAINT "timesheets_rejection_has_reason" CHECK ("timesheets"."status" <> 'REJECTED' OR "timesheets"."rejection_reason" IS NOT NULL),
	CONSTRAINT "timesheets_never_reimbursed" CHECK ("timesheets"."status" <> 'REIMBURSED')
);
--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD COLUMN "status" "entry_status" DEFAULT 'DRAFT' NOT NULL;--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD COLUMN "status_changed_by_id" text;--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD COLUMN "reviewed_by_id" text;--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD COLUMN "reimbursed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD COLUMN "reimbursed_by_id" text;--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD COLUMN "rate_cents_per_mile" numeric(6, 2);--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD COLUMN "reimbursement_cents" integer;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "status" "entry_status" DEFAULT 'DRAFT' NOT NULL;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "status_changed_by_id" text;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "reviewed_by_id" text;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "reimbursed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "reimbursed_by_id" text;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "status" "entry_status" DEFAULT 'DRAFT' NOT NULL;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "status_changed_by_id" text;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "reviewed_by_id" text;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "reimbursed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "reimbursed_by_id" text;--> statement-breakpoint
ALTER TABLE "timesheets" ADD CONSTRAINT "timesheets_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entity_history_entity_idx" ON "entity_history" USING btree ("entity_id","id");--> statement-breakpoint
CREATE INDEX "mileage_rates_from_idx" ON "mileage_rates" USING btree ("effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "timesheets_employee_week_key" ON "timesheets" USING btree ("employee_id","week_start");--> statement-breakpoint
CREATE INDEX "timesheets_status_submitted_idx" ON "timesheets" USING btree ("status","submitted_at","id");--> statement-breakpoint
CREATE INDEX "timesheets_week_idx" ON "timesheets" USING btree ("week_start","id");--> statement-breakpoint
CREATE INDEX "mileage_entries_status_submitted_idx" ON "mileage_entries" USING btree ("status","submitted_at","id");--> statement-breakpoint
CREATE INDEX "receipts_status_submitted_idx" ON "receipts" USING btree ("status","submitted_at","id");--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD CONSTRAINT "mileage_entries_rejection_has_reason" CHECK ("mileage_entries"."status" <> 'REJECTED' OR "mileage_entries"."rejection_reason" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD CONSTRAINT "mileage_entries_amount_fixed_when_approved" CHECK ("mileage_entries"."status" NOT IN ('APPROVED', 'REIMBURSED') OR ("mileage_entries"."reimbursement_cents" IS NOT NULL AND "mileage_entries"."rate_cents_per_mile" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_rejection_has_reason" CHECK ("receipts"."status" <> 'REJECTED' OR "receipts"."rejection_reason" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_rejection_has_reason" CHECK ("time_entries"."status" <> 'REJECTED' OR "time_entries"."rejection_reason" IS NOT NULL);--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_never_reimbursed" CHECK ("time_entries"."status" <> 'REIMBURSED');--> statement-breakpoint
-- Hand-written from here on (keep it when regenerating this migration).
-- Entries logged before the review workflow existed were already in front of reviewers: they become
-- SUBMITTED, so supervisors find them in their approval queue. DRAFT would make every employee resubmit
-- every old entry; APPROVED would invent approvals nobody made. Their weeks become submitted timesheets.
UPDATE "mileage_entries" SET "status" = 'SUBMITTED', "submitted_at" = "updated_at", "status_changed_at" = "updated_at";--> statement-breakpoint
UPDATE "receipts" SET "status" = 'SUBMITTED', "submitted_at" = "updated_at", "status_changed_at" = "updated_at";--> statement-breakpoint
UPDATE "time_entries" SET "status" = 'SUBMITTED', "submitted_at" = "updated_at", "status_changed_at" = "updated_at";--> statement-breakpoint
INSERT INTO "timesheets" ("id", "employee_id", "week_start", "status", "submitted_at", "status_changed_at")
  SELECT 'tsh_' || gen_random_uuid(), "employee_id", date_trunc('week', "date")::date, 'SUBMITTED', max("updated_at"), max("updated_at")
  FROM "time_entries" GROUP BY "employee_id", date_trunc('week', "date")::date;--> statement-breakpoint
-- Rate periods never overlap, whoever writes them concurrently (both ends inclusive; no end: open).
ALTER TABLE "mileage_rates" ADD CONSTRAINT "mileage_rates_no_overlap"
  EXCLUDE USING gist (daterange("effective_from", "effective_to", '[]') WITH &&);--> statement-breakpoint
-- IRS business standard mileage rates: 70 cents a mile for 2025 (IRS Notice 2025-5) and 72.5 cents a
-- mile from January 1, 2026 (IRS Notice 2026-10, issued December 29, 2025), open until the next one.
INSERT INTO "mileage_rates" ("id", "effective_from", "effective_to", "cents_per_mile", "note") VALUES
  ('mrt_irs-2025', '2025-01-01', '2025-12-31', 70, 'IRS business standard mileage rate for 2025 (Notice 2025-5)'),
  ('mrt_irs-2026', '2026-01-01', NULL, 72.5, 'IRS business standard mileage rate for 2026 (Notice 2026-10)');
