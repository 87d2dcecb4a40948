/** Injection tokens of the side effects every service shares; unit tests replace them. */
export const LOGGER = Symbol('LOGGER');
export const KAFKA = Symbol('KAFKA');
export const SUBSCRIPTIONS = Symbol('SUBSCRIPTIONS');
