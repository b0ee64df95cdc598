CREATE TYPE "public"."punch_kind" AS ENUM('CLOCK_IN', 'BREAK_START', 'BREAK_END', 'CLOCK_OUT');--> statement-breakpoint
CREATE TABLE "punches" (
	"id" text PRIMARY KEY NOT NULL,
	"shift_id" text NOT NULL,
	"employee_id" text NOT NULL,
	"kind" "punch_kind" NOT NULL,
	"device_at" timestamp with time zone NOT NULL,
	"device_time_zone" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"latitude" numeric(5, 2),
	"longitude" numeric(5, 2),
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "punches_latitude_range" CHECK ("punches"."latitude" BETWEEN -90 AND 90),
	CONSTRAINT "punches_longitude_range" CHECK ("punches"."longitude" BETWEEN -180 AND 180)
);
--> statement-breakpoint
CREATE TABLE "shifts" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"employee_id" text NOT NULL,
	"cost_center_id" text NOT NULL,
	"time_zone" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"breaks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "shifts_end_after_start" CHECK ("shifts"."ended_at" IS NULL OR "shifts"."ended_at" >= "shifts"."started_at")
);
--> statement-breakpoint
ALTER TABLE "time_entries" ADD COLUMN "shift_id" text;--> statement-breakpoint
ALTER TABLE "punches" ADD CONSTRAINT "punches_shift_id_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."shifts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_employee_id_employees_id_fk" FOREIGN KEY ("employee_id") REFERENCES "public"."employees"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shifts" ADD CONSTRAINT "shifts_cost_center_id_cost_centers_id_fk" FOREIGN KEY ("cost_center_id") REFERENCES "public"."cost_centers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "punches_shift_idx" ON "punches" USING btree ("shift_id","device_at");--> statement-breakpoint
CREATE UNIQUE INDEX "shifts_one_open_per_employee" ON "shifts" USING btree ("employee_id") WHERE "shifts"."ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "shifts_employee_started_idx" ON "shifts" USING btree ("employee_id","started_at");--> statement-breakpoint
CREATE INDEX "shifts_started_idx" ON "shifts" USING btree ("started_at","id");--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_shift_id_shifts_id_fk" FOREIGN KEY ("shift_id") REFERENCES "public"."shifts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "time_entries_shift_date_key" ON "time_entries" USING btree ("shift_id","date") WHERE "time_entries"."shift_id" IS NOT NULL;