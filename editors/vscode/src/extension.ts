// The planc extension: starts `planc lsp` over standard input and output
// and hands `.plan` files to it. Highlighting comes from the TextMate
// grammar in syntaxes/, which needs no server.

import * as vscode from "vscode";
import {
  Executable,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand("planc.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("planc.path")) {
        await restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** The `planc` to run: the `planc.path` setting, or `planc` on PATH. */
export function serverCommand(config: vscode.WorkspaceConfiguration): string {
  const path = config.get<string>("path", "planc").trim();
  return path === "" ? "planc" : path;
}

async function start(): Promise<void> {
  const config = vscode.workspace.getConfiguration("planc");
  const run: Executable = { command: serverCommand(config), args: ["lsp"] };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "plan" },
      { scheme: "untitled", language: "plan" },
    ],
    // `planc.trace.server` is read by the client under this id.
    outputChannelName: "planc",
  };
  client = new LanguageClient("planc", "planc", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    client = undefined;
    const open = "Open Settings";
    const choice = await vscode.window.showErrorMessage(
      `planc: cannot start the language server (\`${run.command} lsp\`): ${message}. ` +
        "Install planc (`cargo install --path .` in its repository) or set `planc.path`.",
      open,
    );
    if (choice === open) {
      await vscode.commands.executeCommand("workbench.action.openSettings", "planc.path");
    }
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    await running.stop();
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}
