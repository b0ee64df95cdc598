CREATE TYPE "public"."receipt_category" AS ENUM('MEALS', 'LODGING', 'TRAVEL', 'FUEL', 'SUPPLIES', 'OTHER');--> statement-breakpoint
CREATE TYPE "public"."role" AS ENUM('EMPLOYEE', 'SUPERVISOR', 'ADMIN');--> statement-breakpoint
CREATE TYPE "public"."time_category" AS ENUM('REGULAR', 'OVERTIME', 'TRAVEL', 'TRAINING', 'LEAVE');--> statement-breakpoint
CREATE TABLE "change_events" (
	"position" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"action" text NOT NULL,
	"entity_id" text NOT NULL,
	"employee_id" text,
	"snapshot" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text
);
--> statement-breakpoint
CREATE TABLE "change_log_horizon" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"pruned_through" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cost_center_supervisors" (
	"cost_center_id" text NOT NULL,
	"supervisor_id" text NOT NULL,
	CONSTRAINT "cost_center_supervisors_cost_center_id_supervisor_id_pk" PRIMARY KEY("cost_center_id","supervisor_id")
);
--> statement-breakpoint
CREATE TABLE "cost_centers" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employee_cost_centers" (
	"employee_id" text NOT NULL,
	"cost_center_id" text NOT NULL,
	CONSTRAINT "employee_cost_centers_employee_id_cost_center_id_pk" PRIMARY KEY("employee_id","cost_center_id")
);
--> statement-breakpoint
CREATE TABLE "employees" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"role" "role" DEFAULT 'EMPLOYEE' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"password_hash" text,
	CONSTRAINT "employees_name_not_blank" CHECK (length(trim("employees"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"request_hash" text NOT NULL,
	"entity_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "mileage_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"employee_id" text NOT NULL,
	"cost_center_id" text NOT NULL,
	"date" date NOT NULL,
	"start_location" text NOT NULL,
	"end_location" text NOT NULL,
	"odometer_start" integer,
	"odometer_end" integer,
	"miles" numeric(9, 1) NOT NULL,
	"purpose" text NOT NULL,
	CONSTRAINT "mileage_entries_miles_not_negative" CHECK ("mileage_entries"."miles" >= 0),
	CONSTRAINT "mileage_entries_odometer_order" CHECK ("mileage_entries"."odometer_start" IS NULL OR "mileage_entries"."odometer_end" IS NULL OR "mileage_entries"."odometer_end" >= "mileage_entries"."odometer_start")
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"employee_id" text NOT NULL,
	"cost_center_id" text NOT NULL,
	"date" date NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"vendor" text NOT NULL,
	"category" "receipt_category" NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	CONSTRAINT "receipts_amount_not_negative" CHECK ("receipts"."amount_cents" >= 0),
	CONSTRAINT "receipts_currency_code" CHECK ("receipts"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "receipts_vendor_not_blank" CHECK (length(trim("receipts"."vendor")) > 0)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"employee_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "time_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"employee_id" text NOT NULL,
	"cost_center_id" text NOT NULL,
	"date" date NOT NULL,
	"hours" numeric(4, 2) NOT NULL,
	"category" time_category DEFAULT 'REGULAR' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	CONSTRAINT "time_entries_hours_range" CHECK ("time_entries"."hours" > 0 AND "time_entries"."hours" <= 24)
);
--> statement-breakpoint
ALTER TABLE "cost_center_supervisors" ADD CONSTRAINT "cost_center_supervisors_cost_center_id_cost_centers_id_fk" FOREIGN KEY ("cost_center_id") REFERENCES "public"."cost_centers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_center_supervisors" ADD CONSTRAINT "cost_center_supervisors_supervisor_id_employees_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_cost_centers" ADD CONSTRAINT "employee_cost_centers_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "employee_cost_centers" ADD CONSTRAINT "employee_cost_centers_cost_center_id_cost_centers_id_fk" FOREIGN KEY ("cost_center_id") REFERENCES "public"."cost_centers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD CONSTRAINT "mileage_entries_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mileage_entries" ADD CONSTRAINT "mileage_entries_cost_center_id_cost_centers_id_fk" FOREIGN KEY ("cost_center_id") REFERENCES "public"."cost_centers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_cost_center_id_cost_centers_id_fk" FOREIGN KEY ("cost_center_id") REFERENCES "public"."cost_centers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_cost_center_id_cost_centers_id_fk" FOREIGN KEY ("cost_center_id") REFERENCES "public"."cost_centers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_events_at_idx" ON "change_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "cost_center_supervisors_supervisor_idx" ON "cost_center_supervisors" USING btree ("supervisor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cost_centers_code_key" ON "cost_centers" USING btree ("code");--> statement-breakpoint
CREATE INDEX "employee_cost_centers_cost_center_idx" ON "employee_cost_centers" USING btree ("cost_center_id");--> statement-breakpoint
CREATE UNIQUE INDEX "employees_email_key" ON "employees" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "mileage_entries_employee_date_idx" ON "mileage_entries" USING btree ("employee_id","date");--> statement-breakpoint
CREATE INDEX "mileage_entries_cost_center_date_idx" ON "mileage_entries" USING btree ("cost_center_id","date");--> statement-breakpoint
CREATE INDEX "mileage_entries_date_idx" ON "mileage_entries" USING btree ("date","id");--> statement-breakpoint
CREATE INDEX "receipts_employee_date_idx" ON "receipts" USING btree ("employee_id","date");--> statement-breakpoint
CREATE INDEX "receipts_cost_center_date_idx" ON "receipts" USING btree ("cost_center_id","date");--> statement-breakpoint
CREATE INDEX "receipts_date_idx" ON "receipts" USING btree ("date","id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_employee_idx" ON "sessions" USING btree ("employee_id");--> statement-breakpoint
CREATE INDEX "time_entries_employee_date_idx" ON "time_entries" USING btree ("employee_id","date");--> statement-breakpoint
CREATE INDEX "time_entries_cost_center_date_idx" ON "time_entries" USING btree ("cost_center_id","date");--> statement-breakpoint
CREATE INDEX "time_entries_date_idx" ON "time_entries" USING btree ("date","id");