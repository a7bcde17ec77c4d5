import { shippedWorkflows } from '@casefold/core';
import { caseEventCodec } from '@casefold/engine';

/**
 * The codec the CLI reads stores with: the shared lifecycle's events and those of every
 * shipped case kind (mediation, petition, grid event, legal consultation, legal aid), so
 * every command reads a store holding any of them.
 */
export const storeEventCodec = caseEventCodec({ workflows: shippedWorkflows });
