/** The fast-check arbitraries of `@casefold/core/testing`: sample jurisdiction, case histories, case stores. */
export * from '@casefold/core/testing';
