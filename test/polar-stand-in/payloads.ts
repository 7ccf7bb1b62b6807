// test/nodes (edited in parallel on another branch) still imports the stand-in from here; it moved to tools/polar-stand-in.
// Delete this file once those imports point at tools/polar-stand-in/payloads.
export * from '../../tools/polar-stand-in/payloads';
