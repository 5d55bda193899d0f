// ESLint: typescript-eslint's recommended rules plus Pulumi's two Output-in-template-literal rules,
// which need type information.
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: [
            "node_modules/",
            "dist/",
            "bin/",
            "policy-pack/bin/",
            "**/*.js",
            "**/*.mjs",
            "**/*.cjs",
        ],
    },
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
        },
        plugins: { pulumi },
        rules: {
            "pulumi/no-output-in-template-literal": "error",
            "pulumi/no-output-instance-in-template-literal": "error",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
        },
    },
    {
        // Tests, the offline engine, the published mocks and the policy pack read untyped engine data.
        files: ["tests/**/*.ts", "offline/**/*.ts", "testing/**/*.ts", "policy-pack/**/*.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
);
