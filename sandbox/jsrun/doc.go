// Package jsrun runs the sandbox's JavaScript: the TypeScript of CODE steps
// and the {{ ... }} expressions of step inputs, the way Activepieces' engine
// runs them, within limits that keep a step from taking the server down.
//
// CODE is compiled with esbuild (TypeScript to an IIFE that exposes the
// step's `code` export; package jsmain, apart because esbuild's API imports
// net/http, which the engine must not) and run in goja, a JavaScript interpreter written in
// Go, with goja_nodejs's event loop for timers and promises. Each run gets a
// fresh runtime without file system, network, environment or require.
//
// goja cannot bound the memory a script allocates, so a Runner runs CODE in
// a child process: the same executable started again with an environment
// variable that ChildMain recognises. The child caps its own address space
// and CPU time with setrlimit before it reads the script, so a memory bomb
// kills the child, never the server. A program that runs CODE calls
// jsmain.Main first thing in main (the bridge does; tests do it in
// TestMain); a program that does not can evaluate expressions but runs no
// CODE step.
//
// Expressions are evaluated in-process when their syntax tree shows their
// memory is bounded by the data they read (Bounded), and in a child process
// otherwise, like CODE.
package jsrun
