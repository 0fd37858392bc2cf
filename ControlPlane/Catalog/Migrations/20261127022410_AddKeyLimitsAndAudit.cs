using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ControlPlane.Catalog.Migrations
{
    /// <inheritdoc />
    public partial class AddKeyLimitsAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "defaults",
                table: "workspaces",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary",
                table: "audit_logs",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "previous_key_expires_at",
                table: "api_keys",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "previous_key_hash",
                table: "api_keys",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_previous_key_hash",
                table: "api_keys",
                column: "previous_key_hash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_api_keys_previous_key_hash",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "defaults",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "summary",
                table: "audit_logs");

            migrationBuilder.DropColumn(
                name: "previous_key_expires_at",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "previous_key_hash",
                table: "api_keys");
        }
    }
}
