import { count, eq } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/auth/sessions';
import { photoFiles, receiptPhotos } from '../../server/db/schema';
import { maxConcurrentUploads, maxPhotoBytes } from '../../server/photos/photo-limits';
import { engines } from '../support/engines';
import { demoIds, tableCounts } from '../support/fixtures';
import { graphql, graphqlData, postGraphQL } from '../support/graphql-client';
import { subscribeFromNow } from '../support/subscriber';
import { demoSignIn, startTestServer, type TestServer } from '../support/test-server';
import { postUpload, type UploadedFile } from '../support/upload';
import { heicHeader, jpegWithGps, pdfWithHiddenScript, pdfWithScript, plainPdf, pngBomb, renamedExecutable, secretPlace } from './samples';

type Role = 'admin' | 'supervisor' | 'employee';

const photoFields = 'photo { id contentType sizeBytes width height url thumbnailUrl urlsExpireAt }';

const attach = /* GraphQL */ `
  mutation Attach($id: ID!, $file: File!, $version: Int, $idempotencyKey: String) {
    attachReceiptPhoto(id: $id, file: $file, version: $version, idempotencyKey: $idempotencyKey) {
      __typename
      ... on Receipt { id version ${photoFields} }
      ... on PhotoRejectedError { message reason detectedType }
      ... on Error { message }
    }
  }
`;

const receiptWithPhoto = `query ($id: ID!) { node(id: $id) { ... on Receipt { id version ${photoFields} } } }`;

const photoSubscription = /* GraphQL */ `
  subscription ($type: DataType, $after: String) {
    dataChanged(type: $type, after: $after) {
      cursor type action id employeeId at
      node { __typename ... on Receipt { id version ${photoFields} } }
    }
  }
`;

const createWithPhoto = /* GraphQL */ `
  mutation CreateWithPhoto($input: CreateReceiptInput!, $photo: File, $idempotencyKey: String) {
    createReceipt(input: $input, photo: $photo, idempotencyKey: $idempotencyKey) {
      __typename
      ... on Receipt { id version ${photoFields} }
      ... on PhotoRejectedError { message reason detectedType }
      ... on ValidationError { fields { field message } }
      ... on Error { message }
    }
  }
`;

const jpegFile = (bytes: Uint8Array, name = 'receipt.jpg'): UploadedFile => ({ bytes, name, type: 'image/jpeg' });

describe.each(engines)('receipt photos on $name', (engine) => {
  let server: TestServer;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  let photoJpeg: Buffer;

  const as = (role: Role, query: string, variables: Record<string, unknown> = {}) => graphqlData<any>(server.url, query, variables, server.tokens[role]);
  const upload = (role: Role, receiptId: string, file: UploadedFile, extra: Record<string, unknown> = {}) =>
    postUpload<any>(server.url, server.tokens[role], attach, { id: receiptId, ...extra }, { file });
  const newReceipt = async (role: Role, employeeId: string, costCenterId: string) => {
    const input = { employeeId, costCenterId, date: '2026-02-10', amountCents: 1234, vendor: 'Photo Test Diner', category: 'MEALS' };
    const data = await as(role, 'mutation ($input: CreateReceiptInput!) { createReceipt(input: $input) { ... on Receipt { id version } ... on Error { message } } }', { input });
    if (!data.createReceipt.id) throw new Error(`createReceipt failed: ${JSON.stringify(data)}`);
    return data.createReceipt as { id: string; version: number };
  };
  const open = (path: string) => fetch(`${server.url}${path}`);
  const stored = async () => {
    const db = server.app.services.db;
    const [photos] = await db.select({ total: count() }).from(receiptPhotos);
    const [files] = await db.select({ total: count() }).from(photoFiles);
    return { photos: photos?.total ?? 0, files: files?.total ?? 0, ...(await tableCounts(db)) };
  };
  const stillServes = async () => {
    const data = await as('admin', '{ me { name } }');
    expect(data.me.name).toBe('Avery Admin');
  };

  beforeAll(async () => {
    server = await startTestServer(engine);
    ids = await demoIds(server.app.services.db);
    photoJpeg = await jpegWithGps();
  });
  afterAll(() => server?.stop());

  it('takes a multipart upload, serves the image without its EXIF and a thumbnail, and says so in the receipt', async () => {
    const receipt = await newReceipt('employee', ids.employee, ids.field);
    // The GPS and device really are in what the phone sends.
    expect(photoJpeg.toString('latin1')).toContain(secretPlace.device);
    const { status, body } = await upload('employee', receipt.id, jpegFile(photoJpeg, 'IMG_0042.JPG'));
    expect(status).toBe(200);
    const attached = body.data!.attachReceiptPhoto;
    expect(attached).toMatchObject({ __typename: 'Receipt', id: receipt.id, version: receipt.version + 1, photo: { contentType: 'image/jpeg', width: 1200, height: 900 } });
    expect(attached.photo.url).toMatch(/^\/photos\/pho_[^/]+\/original\?/);

    const image = await open(attached.photo.url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    const served = Buffer.from(await image.arrayBuffer());
    expect(served.length).toBe(attached.photo.sizeBytes);
    const metadata = await sharp(served).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(served.toString('latin1')).not.toContain(secretPlace.device);
    expect(served.toString('latin1')).not.toContain('SpyPhone');

    const thumbnail = await open(attached.photo.thumbnailUrl);
    expect(thumbnail.status).toBe(200);
    const small = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect({ format: small.format, width: small.width, height: small.height, exif: small.exif }).toEqual({ format: 'jpeg', width: 320, height: 240, exif: undefined });
  });

  it('turns a photo upright as its EXIF orientation says, since the EXIF itself is not served', async () => {
    const receipt = await newReceipt('employee', ids.employee, ids.field);
    // A phone held upright writes a landscape sensor image and "rotate 90°" (orientation 6) in its EXIF.
    const sideways = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#ddd' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const { body } = await upload('employee', receipt.id, jpegFile(sideways));
    expect(body.data!.attachReceiptPhoto.photo).toMatchObject({ width: 400, height: 600 });
    const served = await sharp(Buffer.from(await (await open(body.data!.attachReceiptPhoto.photo.url)).arrayBuffer())).metadata();
    expect({ width: served.width, height: served.height, orientation: served.orientation }).toEqual({ width: 400, height: 600, orientation: undefined });
  });

  it('signs links per viewer: the owner, their supervisor and an admin open them; others, expired or altered links are refused', async () => {
    // A receipt of a SALES employee: the supervisor's and the admin's to see, not the demo employee's.
    const receipt = await newReceipt('supervisor', ids.salesEmployee, ids.sales);
    const { body } = await upload('supervisor', receipt.id, jpegFile(photoJpeg));
    const photoId = body.data!.attachReceiptPhoto.photo.id as string;
    for (const role of ['supervisor', 'admin'] as const) {
      const seen = await as(role, receiptWithPhoto, { id: receipt.id });
      expect((await open(seen.node.photo.thumbnailUrl)).status).toBe(200);
      expect((await open(seen.node.photo.url)).status).toBe(200);
    }
    // The demo employee cannot even see the receipt; a validly signed link made for them is refused too.
    expect((await as('employee', receiptWithPhoto, { id: receipt.id })).node).toBeNull();
    const links = server.app.services.photoLinks;
    expect((await open(links.sign(ids.employee, photoId, 'thumbnail').url)).status).toBe(404);
    // A link of one employee's edited to name another fails its signature.
    const supervisorLink = links.sign(ids.supervisor, photoId, 'thumbnail').url;
    expect((await open(supervisorLink.replace(`by=${ids.supervisor}`, `by=${ids.employee}`))).status).toBe(403);
    expect((await open(supervisorLink.replace('/thumbnail?', '/original?'))).status).toBe(403);
    // Expired: made 20 minutes ago.
    const expired = links.sign(ids.supervisor, photoId, 'thumbnail', Date.now() - 20 * 60_000);
    expect(expired.expiresAt.getTime()).toBeLessThan(Date.now());
    expect((await open(expired.url)).status).toBe(403);
    expect((await open(`/photos/${photoId}/thumbnail`)).status).toBe(403);
  });

  it('is a change like any other: a subscriber sees an UPDATE whose node carries the photo, then its removal', async () => {
    const receipt = await newReceipt('employee', ids.employee, ids.field);
    const supervisor = await subscribeFromNow(server, server.tokens.supervisor, { type: 'RECEIPT' }, photoSubscription);
    try {
      const { body } = await upload('employee', receipt.id, jpegFile(photoJpeg), { version: receipt.version });
      const attached = body.data!.attachReceiptPhoto;
      const events = await supervisor.waitUntil((received) => received.some((event) => event.id === receipt.id && event.node?.photo));
      const update = events.find((event) => event.id === receipt.id && event.node?.photo)!;
      expect(update).toMatchObject({ action: 'UPDATE', node: { version: attached.version, photo: { id: attached.photo.id, contentType: 'image/jpeg', sizeBytes: attached.photo.sizeBytes } } });
      // The event's links are the supervisor's own, and work.
      expect(update.node!.photo.thumbnailUrl).toContain(`by=${ids.supervisor}`);
      expect((await open(update.node!.photo.thumbnailUrl)).status).toBe(200);

      const removed = await as('employee', 'mutation ($id: ID!) { removeReceiptPhoto(id: $id) { ... on Receipt { version photo { id } } ... on Error { message } } }', { id: receipt.id });
      expect(removed.removeReceiptPhoto).toEqual({ version: attached.version + 1, photo: null });
      await supervisor.waitUntil((received) => received.some((event) => event.id === receipt.id && event.node?.version === attached.version + 1));
      expect(supervisor.events.at(-1)).toMatchObject({ action: 'UPDATE', node: { photo: null } });
      // Its files are gone, and so are its links.
      expect((await open(update.node!.photo.thumbnailUrl)).status).toBe(404);
      const [files] = await server.app.services.db.select({ total: count() }).from(photoFiles).where(eq(photoFiles.photoId, attached.photo.id));
      expect(files?.total).toBe(0);
    } finally {
      supervisor.close();
    }
  });

  it('gives each admin links signed for them, and executes a change without links once for all admins', async () => {
    const executions = async () => Number(/^staffsync_group_executions_total (\d+)/m.exec(await server.metrics())?.[1]);
    const input = { name: `Second Admin ${engine.name}`, email: `second.admin.${engine.name}@staffsync.example`, costCenterIds: [ids.field], role: 'ADMIN' };
    const created = await as('admin', 'mutation ($input: CreateEmployeeInput!) { createEmployee(input: $input) { ... on Employee { id } ... on Error { message } } }', { input });
    const secondAdmin = created.createEmployee.id as string;
    const { token } = await createSession(server.app.services.db, secondAdmin, 60_000);
    const admins = await Promise.all([server.tokens.admin, token].map((bearer) => subscribeFromNow(server, bearer, { type: 'RECEIPT' }, photoSubscription)));
    try {
      const before = await executions();
      const receipt = await newReceipt('employee', ids.employee, ids.field);
      for (const admin of admins) await admin.waitForId(receipt.id);
      // Two groups, one operation, rights that reach everything, nothing signed: one execution served both.
      expect(await executions()).toBe(before + 1);

      const { body } = await upload('employee', receipt.id, jpegFile(photoJpeg), { version: receipt.version });
      const photoId = body.data!.attachReceiptPhoto.photo.id as string;
      const links = await Promise.all(
        admins.map(async (admin) => {
          const events = await admin.waitUntil((received) => received.some((event) => event.node?.photo?.id === photoId));
          return events.find((event) => event.node?.photo?.id === photoId)!.node!.photo.thumbnailUrl as string;
        }),
      );
      // An event with a photo is executed for each admin: each gets links made for them, and they work.
      expect(links[0]).toContain(`by=${ids.admin}`);
      expect(links[1]).toContain(`by=${secondAdmin}`);
      for (const link of links) expect((await open(link)).status).toBe(200);
      expect(await executions()).toBe(before + 3);
    } finally {
      for (const admin of admins) admin.close();
    }
  });

  it('replaces a photo with a new one: the old links stop working; a retried upload with its key writes once', async () => {
    const receipt = await newReceipt('employee', ids.employee, ids.field);
    const { syncCursor } = await as('employee', '{ syncCursor }');
    const first = (await upload('employee', receipt.id, jpegFile(photoJpeg))).body.data!.attachReceiptPhoto;
    const before = await stored();
    const again = { idempotencyKey: `replace-${receipt.id}` };
    const second = (await upload('employee', receipt.id, { bytes: plainPdf, name: 'receipt.pdf', type: 'application/pdf' }, again)).body.data!.attachReceiptPhoto;
    expect(second.photo).toMatchObject({ contentType: 'application/pdf', sizeBytes: plainPdf.length, thumbnailUrl: null, width: null });
    expect(second.photo.id).not.toBe(first.photo.id);
    expect((await open(first.photo.url)).status).toBe(404);
    const pdf = await open(second.photo.url);
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="receipt.pdf"');
    expect(Buffer.from(await pdf.arrayBuffer()).equals(plainPdf)).toBe(true);
    const retried = await upload('employee', receipt.id, { bytes: plainPdf, name: 'receipt.pdf', type: 'application/pdf' }, again);
    expect(retried.body.data!.attachReceiptPhoto).toMatchObject({ version: second.version, photo: { id: second.photo.id } });
    expect(retried.body.extensions).toEqual({ replayedIdempotencyKeys: [again.idempotencyKey] });
    // One photo row and its one file replaced the first photo and its two; one change event for the replacement.
    expect(await stored()).toEqual({ ...before, files: before.files - 1, changeEvents: before.changeEvents + 1 });
    // Read back from the log, the first upload's event has no photo any more (null, not an error); the second's is the PDF.
    const log = await graphql<any>(server.url, `query ($after: String) { changes(after: $after, types: [RECEIPT]) { ... on ChangePage { changes { id action node { ... on Receipt { version photo { id } } } } } } }`, { after: syncCursor }, server.tokens.employee);
    expect(log.errors).toBeUndefined();
    const photosInLog = log.data!.changes.changes.filter((change: { id: string }) => change.id === receipt.id).map((change: { node: { photo: { id: string } | null } }) => change.node.photo);
    expect(photosInLog).toEqual([null, { id: second.photo.id }]);
  });

  describe('a photo sent with createReceipt', () => {
    const input = () => ({ employeeId: ids.employee, costCenterId: ids.field, date: '2026-02-12', amountCents: 880, vendor: 'Snapshot Cafe', category: 'MEALS' });
    const createReceipt = (file: UploadedFile, variables: Record<string, unknown> = {}) =>
      postUpload<any>(server.url, server.tokens.employee, createWithPhoto, { input: input(), ...variables }, { photo: file });

    it('makes the receipt at version 1 with its photo, in one CREATE event whose node already has the photo', async () => {
      const before = await stored();
      const supervisor = await subscribeFromNow(server, server.tokens.supervisor, { type: 'RECEIPT' }, photoSubscription);
      try {
        const { status, body } = await createReceipt(jpegFile(photoJpeg, 'IMG_0100.JPG'));
        expect(status).toBe(200);
        const created = body.data!.createReceipt;
        expect(created).toMatchObject({ __typename: 'Receipt', version: 1, photo: { contentType: 'image/jpeg', width: 1200, height: 900 } });
        const served = Buffer.from(await (await open(created.photo.url)).arrayBuffer());
        expect(served.toString('latin1')).not.toContain(secretPlace.device);
        expect((await open(created.photo.thumbnailUrl)).status).toBe(200);
        await supervisor.waitUntil((received) => received.some((event) => event.id === created.id));
        const events = supervisor.events.filter((event) => event.id === created.id);
        expect(events).toMatchObject([{ action: 'CREATE', node: { version: 1, photo: { id: created.photo.id, sizeBytes: created.photo.sizeBytes } } }]);
        expect(await stored()).toEqual({ ...before, receipts: before.receipts + 1, photos: before.photos + 1, files: before.files + 2, changeEvents: before.changeEvents + 1 });
        // The history has the create alone.
        const history = await as('employee', 'query ($id: ID!) { node(id: $id) { ... on Receipt { history { nodes { action } } } } }', { id: created.id });
        expect(history.node.history.nodes).toEqual([{ action: 'CREATE' }]);
      } finally {
        supervisor.close();
      }
    });

    it('a retry with the same key answers with the same receipt and photo, and writes nothing more', async () => {
      const key = { idempotencyKey: `create-with-photo-${engine.name}` };
      const pdf = { bytes: plainPdf, name: 'e-receipt.pdf', type: 'application/pdf' };
      const first = (await createReceipt(pdf, key)).body.data!.createReceipt;
      expect(first).toMatchObject({ __typename: 'Receipt', version: 1, photo: { contentType: 'application/pdf', thumbnailUrl: null } });
      const before = await stored();
      const retried = await createReceipt(pdf, key);
      expect(retried.body.data!.createReceipt).toMatchObject({ id: first.id, version: 1, photo: { id: first.photo.id } });
      expect(retried.body.extensions).toEqual({ replayedIdempotencyKeys: [key.idempotencyKey] });
      expect(await stored()).toEqual(before);
      // The same key with another file is another request.
      const other = (await createReceipt(jpegFile(photoJpeg), key)).body.data!.createReceipt;
      expect(other.__typename).toBe('IdempotencyKeyReusedError');
      expect(await stored()).toEqual(before);
    });

    it.each([
      ['an executable named receipt.jpg', () => jpegFile(renamedExecutable), 'UNSUPPORTED_TYPE'],
      ['a PDF that runs a script', () => ({ bytes: pdfWithScript, name: 'invoice.pdf', type: 'application/pdf' }), 'PDF_ACTIVE_CONTENT'],
      ['a truncated JPEG', () => jpegFile(photoJpeg.subarray(0, Math.floor(photoJpeg.length / 2))), 'DAMAGED'],
    ] as const)('a refused photo (%s) creates no receipt: PhotoRejectedError, nothing stored', async (_name, file, reason) => {
      const before = await stored();
      const { status, body } = await createReceipt(file());
      expect(status).toBe(200);
      expect(body.data!.createReceipt).toMatchObject({ __typename: 'PhotoRejectedError', reason });
      expect(await stored()).toEqual(before);
    });

    it('invalid input with a good photo: ValidationError, nothing stored', async () => {
      const before = await stored();
      const { body } = await createReceipt(jpegFile(photoJpeg), { input: { ...input(), amountCents: -5 } });
      expect(body.data!.createReceipt).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'amountCents' }] });
      expect(await stored()).toEqual(before);
    });

    it('a file over 10 MB is stopped by the parser (413) and creates nothing', async () => {
      const before = await stored();
      const { status } = await createReceipt(jpegFile(new Uint8Array(maxPhotoBytes + 1)));
      expect(status).toBe(413);
      expect(await stored()).toEqual(before);
    });
  });

  it("tells the photo's history in words: attached (at creation), replaced, removed; never its id", async () => {
    const input = { employeeId: ids.employee, costCenterId: ids.field, date: '2026-02-13', amountCents: 410, vendor: 'History Deli', category: 'MEALS' };
    const created = (await postUpload<any>(server.url, server.tokens.employee, createWithPhoto, { input }, { photo: jpegFile(photoJpeg) })).body.data!.createReceipt;
    await upload('employee', created.id, { bytes: plainPdf, name: 'receipt.pdf', type: 'application/pdf' });
    await as('employee', 'mutation ($id: ID!) { removeReceiptPhoto(id: $id) { __typename } }', { id: created.id });
    await as('employee', 'mutation ($id: ID!) { updateReceipt(id: $id, version: 3, input: { amountCents: 420 }) { __typename } }', { id: created.id });
    const { node } = await as('supervisor', 'query ($id: ID!) { node(id: $id) { ... on Receipt { history { nodes { action photoChange changes { field } } } } } }', { id: created.id });
    const lines = node.history.nodes.map((line: { action: string; photoChange: string | null; changes: Array<{ field: string }> }) => ({
      action: line.action,
      photoChange: line.photoChange,
      fields: line.changes.map((change) => change.field).filter((field) => ['photoId', 'amountCents'].includes(field)),
    }));
    expect(lines).toEqual([
      { action: 'UPDATE', photoChange: null, fields: ['amountCents'] },
      { action: 'UPDATE', photoChange: 'REMOVED', fields: [] },
      { action: 'UPDATE', photoChange: 'REPLACED', fields: [] },
      { action: 'CREATE', photoChange: 'ATTACHED', fields: ['amountCents'] },
    ]);
  });

  describe('hostile uploads: a typed refusal, nothing stored, the server still serving', () => {
    let receipt: { id: string; version: number };
    beforeAll(async () => {
      receipt = await newReceipt('employee', ids.employee, ids.field);
    });

    it.each([
      ['zero bytes', () => jpegFile(new Uint8Array()), 'EMPTY', null],
      ['a truncated JPEG', () => jpegFile(photoJpeg.subarray(0, Math.floor(photoJpeg.length / 2))), 'DAMAGED', 'image/jpeg'],
      ['a PDF that runs a script', () => ({ bytes: pdfWithScript, name: 'invoice.pdf', type: 'application/pdf' }), 'PDF_ACTIVE_CONTENT', 'application/pdf'],
      ['a PDF hiding a script in a compressed object stream', () => ({ bytes: pdfWithHiddenScript(), name: 'invoice.pdf', type: 'application/pdf' }), 'PDF_ACTIVE_CONTENT', 'application/pdf'],
      ['an executable named receipt.jpg', () => jpegFile(renamedExecutable), 'UNSUPPORTED_TYPE', 'application/x-elf'],
      ['a HEIC photo', () => ({ bytes: heicHeader, name: 'IMG_0001.HEIC', type: 'image/heic' }), 'HEIC_NOT_SUPPORTED', 'image/heic'],
      ['a 20000×20000 PNG bomb', () => ({ bytes: pngBomb(20_000), name: 'bomb.png', type: 'image/png' }), 'TOO_MANY_PIXELS', 'image/png'],
    ] as const)('%s', async (_name, file, reason, detectedType) => {
      const before = await stored();
      const { status, body } = await upload('employee', receipt.id, file());
      expect(status).toBe(200);
      expect(body.data!.attachReceiptPhoto).toMatchObject({ __typename: 'PhotoRejectedError', reason, detectedType });
      expect(await stored()).toEqual(before);
      expect(await server.metrics()).toMatch(new RegExp(`staffsync_photo_uploads_total\\{outcome="${reason}"\\} [1-9]`));
      await stillServes();
    });

    it("someone else's receipt: NotFoundError, as for editing it", async () => {
      const other = await newReceipt('admin', ids.opsEmployee, ids.ops);
      const before = await stored();
      const { body } = await upload('employee', other.id, jpegFile(photoJpeg));
      expect(body.data!.attachReceiptPhoto).toMatchObject({ __typename: 'NotFoundError' });
      expect(await stored()).toEqual(before);
      expect((await as('admin', receiptWithPhoto, { id: other.id })).node).toMatchObject({ version: other.version, photo: null });
    });

    it('two files in one request', async () => {
      const before = await stored();
      const { status, body } = await postUpload<any>(server.url, server.tokens.employee, attach, { id: receipt.id }, { file: jpegFile(photoJpeg), extra: jpegFile(photoJpeg) });
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/Files limit exceeded/), extensions: { code: 'BAD_REQUEST' } });
      expect(await stored()).toEqual(before);
      await stillServes();
    });

    it('a file one byte over 10 MB: the parser stops at that byte (REQUEST_ENTITY_TOO_LARGE)', async () => {
      const before = await stored();
      const { status, body } = await upload('employee', receipt.id, jpegFile(new Uint8Array(maxPhotoBytes + 1)));
      expect(status).toBe(413);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_ENTITY_TOO_LARGE' });
      expect(await stored()).toEqual(before);
      await stillServes();
    });

    it('an 11 MB upload is refused from its length, before the body is sent', async () => {
      const before = await stored();
      const boundary = 'photo-test-boundary';
      const declared = 11 * 1024 * 1024;
      // Only the first kilobytes are ever written: the answer must come while the rest is still unsent.
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const outgoing = request(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(declared), authorization: `Bearer ${server.tokens.employee}` },
        });
        outgoing.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => {
            outgoing.destroy();
            resolve({ status: response.statusCode ?? 0, body: text });
          });
        });
        outgoing.on('error', reject);
        outgoing.write(`--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: attach, variables: { id: receipt.id, file: null } })}\r\n`);
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).errors[0].extensions).toEqual({ code: 'REQUEST_ENTITY_TOO_LARGE' });
      expect(await stored()).toEqual(before);
      await stillServes();
    });

    it('more uploads at once than an instance reads (8) are asked to retry; the rest of the API keeps serving', async () => {
      const boundary = 'slow-upload-boundary';
      // Eight uploads that send their first part and then stall, as from a phone on a weak signal.
      const stalled = Array.from({ length: maxConcurrentUploads }, () => {
        const outgoing = request(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(1024 * 1024), authorization: `Bearer ${server.tokens.employee}` },
        });
        outgoing.on('error', () => {});
        outgoing.write(`--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n`);
        return outgoing;
      });
      try {
        const empty = () => upload('employee', receipt.id, jpegFile(new Uint8Array())).then((answer) => answer.status);
        await expect.poll(empty, { timeout: 10_000 }).toBe(503);
        const busy = await postUpload<any>(server.url, server.tokens.employee, attach, { id: receipt.id }, { file: jpegFile(photoJpeg) });
        expect(busy.body.errors?.[0]?.extensions).toEqual({ code: 'UPLOADS_BUSY' });
        await stillServes();
      } finally {
        for (const outgoing of stalled) outgoing.destroy();
      }
      await expect.poll(async () => (await upload('employee', receipt.id, jpegFile(new Uint8Array()))).body.data?.attachReceiptPhoto.reason, { timeout: 10_000 }).toBe('EMPTY');
    });

    it('an upload without a bearer token (a forged cross-site form), or with a wrong one, is refused before its body is read', async () => {
      for (const token of [undefined, 'ss_not-a-session']) {
        const { status, body } = await postUpload(server.url, token, attach, { id: receipt.id }, { file: jpegFile(photoJpeg) });
        expect(status).toBe(401);
        expect(body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
      }
    });
  });
});

describe('receipt photos where only trusted documents run', () => {
  let server: TestServer;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'staffsync-photo-documents-'));
    const manifest = join(folder, 'sign-in.json');
    writeFileSync(manifest, JSON.stringify({ [createHash('sha256').update(demoSignIn.text).digest('hex')]: demoSignIn.text }));
    server = await startTestServer(engines[0]!, { env: { DOCUMENTS: 'trusted', TRUSTED_DOCUMENTS: manifest } });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("runs the portal's upload by its hash alone, and refuses an upload's text", async () => {
    const portal = JSON.parse(readFileSync(new URL('../../web/dist/.vite/trusted-documents.json', import.meta.url).pathname, 'utf8')) as Record<string, string>;
    const [attachHash] = Object.entries(portal).find(([, text]) => text.startsWith('mutation ReceiptPhoto_Attach'))!;
    const ids = await demoIds(server.app.services.db);
    const input = { costCenterId: ids.field, date: '2026-02-11', amountCents: 500, vendor: 'Trusted Bakery', category: 'MEALS' };
    const [createReceiptHash] = Object.entries(portal).find(([, text]) => text.startsWith('mutation ReceiptForm_Create'))!;
    const created = await postGraphQL<any>(server.url, '', { input }, server.tokens.employee, { persistedQuery: { version: 1, sha256Hash: createReceiptHash } });
    const receiptId = created.body.data.createReceipt.id as string;
    const photo = jpegFile(await jpegWithGps(64, 48));
    const byHash = await postUpload<any>(server.url, server.tokens.employee, null, { id: receiptId }, { file: photo }, { persistedQuery: { version: 1, sha256Hash: attachHash } });
    expect(byHash.body.data?.attachReceiptPhoto).toMatchObject({ __typename: 'Receipt', photo: { contentType: 'image/jpeg', width: 64 } });
    const byText = await postUpload<any>(server.url, server.tokens.employee, attach, { id: receiptId }, { file: photo });
    expect(byText.status).toBe(400);
  });
});
