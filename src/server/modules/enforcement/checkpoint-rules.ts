// The border-post rules live in src/common: the officer's phone proposes the same result while it has no signal.
export * from '../../../common/checkpoint-rules.js';
