import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { type FieldError, PUBLIC_STATUSES, type PublicStatus, isReportInputError } from '@casefold/core';
import { type DashboardAccess, viewerOf } from '../access/dashboardAccess.js';
import type { Html } from '../html/html.js';
import { isLanguage, messagesOf } from '../i18n/language.js';
import type { Language } from '../i18n/messages.js';
import { boardPage } from '../pages/boardPage.js';
import { deadlinesPage } from '../pages/deadlinesPage.js';
import { escalationPage } from '../pages/escalationPage.js';
import { KINDS, type PageContext } from '../pages/pageContext.js';
import { statisticsPage } from '../pages/statisticsPage.js';
import { messagePage, timelinePage } from '../pages/timelinePage.js';
import type { DashboardSource, DashboardViewer } from '../source/dashboardSource.js';
import { LIVE_SCRIPT, STYLESHEET } from './assets.js';
import { UnscopedRemoteAccessError } from './dashboardErrors.js';

/** Options of {@link startDashboard}. */
export interface StartDashboardOptions {
  readonly source: DashboardSource;
  /** The pages' language unless a request asks for the other with `?lang=`. */
  readonly language: Language;
  /** The address to listen on; default `127.0.0.1`. Another than a loopback address needs `access`. */
  readonly host?: string;
  /** The port; default 8700; 0 picks a free one (see {@link RunningDashboard.url}). */
  readonly port?: number;
  /** Who asks and what the policy lets them see (the access hook); without it every request sees every case and only loopback addresses are served. */
  readonly access?: DashboardAccess;
  /** Cases per page of the board; default 50. */
  readonly pageSize?: number;
  /** How often the store's last position is checked for the live pages, in ms; default 500. */
  readonly livePollMs?: number;
}

/** A dashboard that is serving. */
export interface RunningDashboard {
  /** Where it serves, e.g. `http://127.0.0.1:8700/`. */
  readonly url: string;
  /** Stops serving: closes every connection (the live streams too). */
  readonly close: () => Promise<void>;
}

/** The default port of `casefold serve`. */
export const DEFAULT_DASHBOARD_PORT = 8700;

/** Whether an address is only reachable from this computer. */
export const isLoopbackHost = (host: string): boolean => host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

/** A query value the page cannot use: answered with 400 and a page saying so. */
class BadQueryError extends Error {
  override readonly name = 'BadQueryError';
}

const oneOf = <T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined => {
  if (value === undefined || value === '') return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new BadQueryError(`${name}=${value}: expected one of ${allowed.join(', ')}`);
};

const present = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** A request the access hook says is not signed in: answered with 401. */
class NotSignedInError extends Error {
  override readonly name = 'NotSignedInError';
}

/** The access hook gave claims that are not a principal: the embedding system's mistake, answered with 500 naming the fields. */
class MalformedPrincipalError extends Error {
  override readonly name = 'MalformedPrincipalError';
  constructor(problems: readonly FieldError[]) {
    super(`the access hook (principalOf) gave claims that are not a principal: ${problems.map(({ path, message }) => `${path}: ${message}`).join('; ')}; give decodePrincipal's input form`);
  }
}

/** Options of {@link dashboardApp}: those of {@link startDashboard} but where to listen. */
export type DashboardAppOptions = Omit<StartDashboardOptions, 'host' | 'port'>;

/** The dashboard's pages as an app that does not listen, and how to end its live streams. */
export interface DashboardApp {
  /** The Hono app: `app.fetch(request)` or `app.request(path)` answers a page in this process. */
  readonly app: Hono;
  /** Ends the live streams (`/live`) it is serving. */
  readonly stop: () => void;
}

/**
 * The dashboard's pages as a Hono app, not listening anywhere: what {@link startDashboard}
 * serves, for a server of one's own or to answer a page in process (the benchmarks time each
 * page's server time so). It does not check the host: give `access` before serving it to other
 * computers.
 */
export const dashboardApp = (options: DashboardAppOptions): DashboardApp => {
  const { access } = options;
  const localOnly = access === undefined;
  const pageSize = options.pageSize ?? 50;
  const livePollMs = options.livePollMs ?? 500;
  const { source } = options;
  let stopping = false;

  /** The request's viewer (`undefined` without access: the whole store is seen). @throws NotSignedInError, MalformedPrincipalError */
  const viewerOfRequest = async (c: Context): Promise<DashboardViewer | undefined> => {
    if (access === undefined) return undefined;
    const who = await viewerOf(access, c.req.raw);
    if (who.kind === 'notSignedIn') throw new NotSignedInError();
    if (who.kind === 'malformedPrincipal') throw new MalformedPrincipalError(who.problems);
    return who.viewer;
  };
  /** A page's context, with the read models as the request's viewer may see them. */
  const contextOf = async (c: Context): Promise<{ readonly context: PageContext; readonly viewer: DashboardViewer | undefined }> => {
    const query = c.req.query();
    const lang = present(query['lang']);
    if (lang !== undefined && !isLanguage(lang)) throw new BadQueryError(`lang=${lang}: expected zh-CN or en`);
    const viewer = await viewerOfRequest(c);
    const models = await source.readModels();
    const context = { messages: messagesOf(lang ?? options.language), path: c.req.path, query, lang: lang ?? null, models: viewer === undefined ? models : await models.scopedTo(viewer), localOnly };
    return { context, viewer };
  };
  const page = (c: Context, body: Html, status: 200 | 400 | 401 | 404 = 200) => c.html(body.text, status);

  const app = new Hono();
  app.get('/', (c) => c.redirect(`/board${c.req.url.includes('?') ? c.req.url.slice(c.req.url.indexOf('?')) : ''}`));
  app.get('/assets/dashboard.css', (c) => c.body(STYLESHEET, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/assets/live.js', (c) => c.body(LIVE_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/board', async (c) => {
    const { context } = await contextOf(c);
    const q = context.query;
    const pageNumber = q['page'] === undefined || q['page'] === '' ? 1 : Number(q['page']);
    if (!Number.isSafeInteger(pageNumber) || pageNumber < 1) throw new BadQueryError(`page=${q['page']}: expected a page number from 1`);
    const unit = present(q['unit']);
    if (unit !== undefined && !context.models.directory.units.has(unit)) throw new BadQueryError(`unit=${unit}: not a unit of the directory`);
    const filters = {
      ...(unit === undefined ? {} : { unit }),
      ...(present(q['kind']) === undefined ? {} : { kind: oneOf('kind', q['kind'], KINDS) as string }),
      ...(present(q['status']) === undefined ? {} : { status: oneOf<PublicStatus>('status', q['status'], PUBLIC_STATUSES) as PublicStatus }),
      ...(present(q['stage']) === undefined ? {} : { stage: q['stage'] as string }),
    };
    const listing = await context.models.board({ ...filters, page: pageNumber, pageSize });
    return page(c, boardPage(context, { ...filters, page: pageNumber }, listing, pageSize));
  });
  app.get('/deadlines', async (c) => {
    const { context } = await contextOf(c);
    return page(c, deadlinesPage(context, oneOf('kind', context.query['kind'], KINDS)));
  });
  app.get('/escalation', async (c) => {
    const { context } = await contextOf(c);
    return page(c, escalationPage(context, oneOf('kind', context.query['kind'], KINDS)));
  });
  app.get('/statistics', async (c) => {
    const { context } = await contextOf(c);
    const q = context.query;
    const kind = oneOf('kind', q['kind'], KINDS);
    const query = {
      ...(present(q['from']) === undefined ? {} : { from: q['from'] as string }),
      ...(present(q['to']) === undefined ? {} : { to: q['to'] as string }),
      ...(present(q['unit']) === undefined ? {} : { unit: q['unit'] as string }),
      ...(kind === undefined ? {} : { kind }),
    };
    const figures = context.models.figures(kind);
    const whole = query.from === undefined && query.to === undefined && query.unit === undefined;
    return page(c, statisticsPage(context, query, whole ? figures.statistics : await context.models.statistics(query), figures.asOf));
  });
  app.get('/cases/:caseId', async (c) => {
    const { context, viewer } = await contextOf(c);
    const caseId = c.req.param('caseId');
    // A case the viewer may not see is answered exactly as a missing one.
    const timeline = await source.timeline(caseId, viewer);
    if (timeline === null) return page(c, messagePage(context, context.messages.timeline.heading(caseId), context.messages.timeline.notFound(caseId)), 404);
    return page(c, timelinePage(context, timeline, await context.models.caseEntry(caseId)));
  });
  app.get('/live', async (c) => {
    await viewerOfRequest(c);
    return streamSSE(c, async (stream) => {
      let last: string | null = null;
      while (!stream.aborted && !stopping) {
        const position = String(await source.lastPosition());
        if (position !== last) {
          await stream.writeSSE({ event: 'position', data: position });
          last = position;
        }
        await stream.sleep(livePollMs);
      }
    });
  });
  app.notFound(async (c) => {
    const { context } = await contextOf(c);
    return page(c, messagePage(context, context.messages.notFound, context.messages.notFound), 404);
  });
  /** The context of an error's page: the server's language, no figures. */
  const errorContext = async (c: Context): Promise<PageContext> => ({ messages: messagesOf(options.language), path: c.req.path, query: {}, lang: null, models: await source.readModels(), localOnly });
  app.onError(async (error, c) => {
    if (error instanceof NotSignedInError) {
      const context = await errorContext(c);
      return page(c, messagePage(context, context.messages.refused, context.messages.refused), 401);
    }
    if (error instanceof MalformedPrincipalError) {
      console.error(`casefold dashboard: ${c.req.method} ${c.req.path}: ${error.message}`);
      return c.text(`The dashboard's sign-in gave no usable principal (${error.message}).`, 500);
    }
    if (!(error instanceof BadQueryError) && !isReportInputError(error)) {
      // The store failed under a page (a server gone away, a damaged file): say so, and keep serving.
      console.error(`casefold dashboard: ${c.req.method} ${c.req.path} failed: ${error.name}: ${error.message}`);
      return c.text(`The store could not be read for this page (${error.name}: ${error.message}). Check the store, then reload.`, 500);
    }
    const context = await errorContext(c);
    return page(c, messagePage(context, context.messages.badRequest, `${context.messages.badRequest}: ${error.message}`), 400);
  });
  return {
    app,
    stop: () => {
      stopping = true;
    },
  };
};

/**
 * Starts the read-only web dashboard over a {@link DashboardSource}: the case board, deadlines
 * and supervision, escalation paths, statistics and each case's timeline, as server-rendered
 * HTML with SVG charts in zh-CN or English, following new events through server-sent events.
 *
 * With `access`, each request's pages are those of its principal (see {@link DashboardAccess}).
 *
 * @throws UnscopedRemoteAccessError for a host other than a loopback address without `access`.
 */
export const startDashboard = async (options: StartDashboardOptions): Promise<RunningDashboard> => {
  const host = options.host ?? '127.0.0.1';
  if (options.access === undefined && !isLoopbackHost(host)) throw new UnscopedRemoteAccessError(host);
  const { app, stop } = dashboardApp(options);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? DEFAULT_DASHBOARD_PORT, hostname: host }, () => resolve(started));
    started.once('error', reject);
  });
  const { port, address } = server.address() as AddressInfo;
  const shown = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${shown}:${port}/`,
    close: async () => {
      stop();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    },
  };
};
