CREATE TABLE "photo_files" (
	"photo_id" text NOT NULL,
	"variant" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "photo_files_photo_id_variant_pk" PRIMARY KEY("photo_id","variant")
);
--> statement-breakpoint
CREATE TABLE "receipt_photos" (
	"id" text PRIMARY KEY NOT NULL,
	"receipt_id" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"width" integer,
	"height" integer,
	"has_thumbnail" boolean NOT NULL,
	"uploaded_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "receipt_photos_size_positive" CHECK ("receipt_photos"."size_bytes" > 0)
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"secret" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "photo_id" text;--> statement-breakpoint
ALTER TABLE "photo_files" ADD CONSTRAINT "photo_files_photo_id_receipt_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."receipt_photos"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "receipt_photos" ADD CONSTRAINT "receipt_photos_receipt_id_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."receipts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "receipt_photos_receipt_idx" ON "receipt_photos" USING btree ("receipt_id");--> statement-breakpoint
ALTER TABLE "receipts" ADD CONSTRAINT "receipts_photo_id_receipt_photos_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."receipt_photos"("id") ON DELETE set null ON UPDATE no action;