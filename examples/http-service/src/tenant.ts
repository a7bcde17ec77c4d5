import * as E from 'fp-ts/lib/Either.js';
import {
  type Authorization,
  type CaseState,
  type JurisdictionDirectory,
  type Unit,
  createAuthorization,
  decodeErrorsMessage,
  mediationWorkflow,
  mediationWorkflowV1,
  shippedAuthorizationPolicies,
} from '@casefold/core';
import { type CasefoldStore, type EventStore, type ExecuteCaseCommand, type RowProjectionStore, caseCommandHandler, streamStateCache, tenantStore } from '@casefold/engine';
import { tenantDirectory } from './directory.js';
import { type ReadModels, startReadModels } from './readModels.js';

/** A tenant the service serves: its id (a claim of the caller's token names it) and its jurisdiction directory. */
export interface TenantOptions {
  /** A lowercase letter, then up to 15 lowercase letters and digits (`xishan`). */
  readonly tenantId: string;
  /** The tenant's own jurisdiction directory: the units its staff hold roles at. */
  readonly units: readonly Unit[];
}

/** What {@link startTenant} needs: the store the tenants share (with its row read models: SQLite, PostgreSQL), and the tenant. */
export interface StartTenantOptions {
  readonly shared: CasefoldStore & { readonly rowProjections: RowProjectionStore };
  readonly tenant: TenantOptions;
}

/** One tenant's part of the service: every request of the tenant's callers is served from these, and from nothing else. */
export interface Tenant {
  readonly tenantId: string;
  /** The tenant's policies, over its directory: what its callers may do and see. */
  readonly authorization: Authorization;
  /** The tenant's jurisdiction directory: a unit filter selects a unit's subtree in it. */
  readonly directory: JurisdictionDirectory;
  /** The tenant's command handler: on its view of the store, with its directory and authorization. */
  readonly execute: ExecuteCaseCommand;
  /** The tenant's events: its streams only, under its own stream ids. */
  readonly events: EventStore;
  /** The tenant's read models, folded from its events only, with their checkpoints and row tables under its name. */
  readonly readModels: ReadModels;
  /** Stops the read models and closes the tenant's view (never the shared store). */
  readonly close: () => Promise<void>;
}

/**
 * Builds a tenant's part of the service, once, on its view of the shared store
 * (`tenantStore`): the authorization over its directory, the command handler (with a state
 * cache of its own: the tenants' case ids overlap) and its read models (rows in the view's row
 * store, `rows_<tenant>__<name>`). Nothing of it reaches
 * another tenant's streams, read models or settings.
 *
 * @throws InvalidTenantError for a tenant id that is not one; Error for a directory or policy that is invalid.
 */
export const startTenant = async ({ shared, tenant }: StartTenantOptions): Promise<Tenant> => {
  const view = tenantStore(shared, tenant.tenantId);
  const directory = tenantDirectory(tenant.tenantId, tenant.units);
  const authorization = E.getOrElseW((errors: Parameters<typeof decodeErrorsMessage>[0]) => {
    throw new Error(`the authorization policies of tenant "${tenant.tenantId}" are invalid: ${decodeErrorsMessage(errors)}`);
  })(createAuthorization({ policies: shippedAuthorizationPolicies.filter((p) => p.workflow === mediationWorkflow.id), workflows: [mediationWorkflow, mediationWorkflowV1], directory }));
  const execute = caseCommandHandler({ store: view.events, directory, workflow: mediationWorkflow, authorization, cache: streamStateCache<CaseState>({ maxStreams: 10_000 }) });
  const readModels = await startReadModels(view, directory);
  return {
    tenantId: view.tenantId,
    authorization,
    directory,
    execute,
    events: view.events,
    readModels,
    close: async () => {
      await readModels.stop();
      await view.close();
    },
  };
};
