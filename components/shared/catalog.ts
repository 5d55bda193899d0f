// The connector's facts, as the components, the stack configuration reader, the policy pack and the
// doctor read them: the facts every connection shares (`connector.ts`).
export * from "./connector";
