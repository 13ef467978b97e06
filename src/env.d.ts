/** Loopback hosts on which test and demo builds run (empty in store builds). See wxt.config.ts. */
declare const __MNEMO_LOCAL_HOSTS__: readonly string[];
