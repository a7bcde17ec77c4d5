import { TENANT_ID_PATTERN, tenantStore } from '@casefold/engine';
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
 * One tenant's part of an opened store (`--tenant`): the engine's `tenantStore` over it (its
 * streams, read models, row read models and settings; docs/tenancy.md), so every command works
 * on the tenant alone. Closing it closes the view, then the store.
 */
export const tenantOpenedStore = (opened: OpenedStore, tenantId: string): OpenedStore => {
  const view = tenantStore(
    {
      events: opened.events,
      projections: opened.projections,
      ...(opened.rowProjections === undefined ? {} : { rowProjections: opened.rowProjections }),
      settings: { read: opened.readSetting, write: opened.writeSetting },
      readLastPosition: (options) => opened.events.readLastPosition(options),
      close: opened.close,
    },
    tenantId,
  );
  return {
    description: `${opened.description}, tenant ${tenantId}`,
    events: view.events,
    projections: view.projections,
    ...(view.rowProjections === undefined ? {} : { rowProjections: view.rowProjections }),
    lastPosition: () => view.readLastPosition(),
    readSetting: (name) => view.settings.read(name),
    writeSetting: (name, value) => view.settings.write(name, value),
    close: async () => {
      await view.close();
      await opened.close();
    },
  };
};
