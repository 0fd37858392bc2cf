using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ControlPlane.Catalog.Migrations
{
    /// <inheritdoc />
    public partial class Governance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "alert_webhook_encrypted_secret",
                table: "workspaces",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "alert_webhook_url",
                table: "workspaces",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rate_limits",
                table: "workspaces",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "redis_failure_policy",
                table: "workspaces",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "fail_open");

            migrationBuilder.AddColumn<string>(
                name: "usage_limits",
                table: "workspaces",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "disabled",
                table: "providers",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "alert_webhook_encrypted_secret",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "alert_webhook_url",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "rate_limits",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "redis_failure_policy",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "usage_limits",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "disabled",
                table: "providers");
        }
    }
}
