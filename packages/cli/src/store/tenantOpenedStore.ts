import { TENANT_ID_PATTERN, tenantEventStore, tenantProjectionStore, tenantRowProjectionStore, tenantSettingsStore } from '@casefold/engine';
import { UsageError } from '../cli/cliErrors.js';
import { shownValue } from '../cli/typedValue.js';
import { localized } from '../i18n/localizedText.js';
import type { OpenedStore } from './openedStore.js';

/** The `--tenant` option checked: a tenant id, or `undefined` when absent. @throws UsageError */
export const tenantOption = (value: string | undefined): string | undefined => {
  if (value === undefined || TENANT_ID_PATTERN.test(value)) return value;
  throw new UsageError(localized((m) => m.errors.tenant(shownValue(value))));
};

/**
 * One tenant's part of an opened store (`--tenant`): its streams, read models, row read models
 * and settings, as `tenantStore` gives them (docs/tenancy.md), so every command works on the
 * tenant alone. Closing it closes the store.
 */
export const tenantOpenedStore = (opened: OpenedStore, tenantId: string): OpenedStore => {
  const events = tenantEventStore(opened.events, tenantId);
  const settings = tenantSettingsStore({ read: opened.readSetting, write: opened.writeSetting }, tenantId);
  return {
    description: `${opened.description}, tenant ${tenantId}`,
    events,
    projections: tenantProjectionStore(opened.projections, tenantId),
    ...(opened.rowProjections === undefined ? {} : { rowProjections: tenantRowProjectionStore(opened.rowProjections, tenantId) }),
    lastPosition: () => events.readLastPosition(),
    readSetting: (name) => settings.read(name),
    writeSetting: (name, value) => settings.write(name, value),
    close: async () => {
      await events.close();
      await opened.close();
    },
  };
};
